/// Which of the service's three POST routes a query is for. They share the body and its validation;
/// they differ in what a "group" is and in the shape of the answer.
public enum Endpoint: Sendable, Hashable {
    /// `…/metrics`: one value per metric for the window, per skill or agent group.
    case metrics
    /// `…/agent_view`: the same metrics per agent (`groupByField` is `agentId`).
    case agentView
    /// `…/historical?interval=N`: the by-time metrics as a series of points over the window. `interval`
    /// is whole minutes; 0 lets the server choose (``SeriesPlan``).
    case historical(interval: Int)

    /// The route's last path component.
    public var pathName: String {
        switch self {
        case .metrics: "metrics"
        case .agentView: "agent_view"
        case .historical: "historical"
        }
    }

    /// `interval 4` (or `the server's interval` for 0), for messages; empty for the other routes.
    public var intervalText: String {
        guard case .historical(let minutes) = self else { return "" }
        return minutes == 0 ? "the server's interval" : "interval \(minutes)"
    }

    /// The agent view's rule (api-facts.md): no page may reach past the 1000th agent.
    public static let agentViewReach = 1000

    /// The most points one historical answer may carry.
    public static let maxPoints = 100

    /// The `interval` URL parameter of the historical route, as the raw text it arrived as.
    public static func historical(intervalText text: String?) throws(MetricsRequestError) -> Endpoint {
        guard let text else { return .historical(interval: 0) }
        guard let minutes = Int(text), (0...Int(RequestedTime.dayMillis / RequestedTime.minuteMillis)).contains(minutes) else {
            throw MetricsRequestError(
                field: "interval", message: "interval must be a whole number of minutes from 0 (the server chooses) to 1440, got '\(text.sanitizedForMessage)'")
        }
        return .historical(interval: minutes)
    }
}
