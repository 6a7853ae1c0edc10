import Hummingbird
import KeyMetrics
import MetricsEngine
import NIOCore

/// Where the metrics routes' answers come from: the engine (`kmmtop serve`) or an upstream account
/// through a cache (`kmmtop relay`). Everything else of the HTTP face (authentication, rate limits,
/// validation, paging links, errors, logs) is the server's and the same for both.
public protocol MetricsSource: Sendable {
    /// The one account the routes answer for; any other id is 404.
    var accountId: String { get }

    /// The answer to a validated query. `links` gives the server's own link for a page at an offset;
    /// `routeBase` is what those links start with (the account's routes on this server, ending in `/`).
    func answer(_ query: MetricsQuery, links: @escaping @Sendable (Int) -> String, routeBase: String, on eventLoop: any EventLoop) -> SourceAnswer

    /// The source's own figures for `GET /metrics` (a relay's upstream calls and copies); none by default.
    func prometheusSamples(into text: inout PrometheusText)
}

extension MetricsSource {
    public func prometheusSamples(into text: inout PrometheusText) {}
}

/// An answer now (the engine, a relay's fresh copy) or later (a relay's upstream call).
public enum SourceAnswer: Sendable {
    case ready(Result<SourceReply, APIError>)
    /// Fails with an ``APIError`` only.
    case pending(EventLoopFuture<SourceReply>)
}

/// A 200 answer's body and the headers it adds (`Age`, `Cache-Status` from a relay).
public struct SourceReply: Sendable {
    public var body: [UInt8]
    public var headers: HTTPFields

    public init(body: [UInt8], headers: HTTPFields = [:]) {
        self.body = body
        self.headers = headers
    }
}

/// `kmmtop serve`'s source: the engine, evaluated at once on the connection's event loop.
public struct EngineSource: MetricsSource {
    public let engine: SharedEngine

    public init(engine: SharedEngine) {
        self.engine = engine
    }

    public var accountId: String { engine.accountId }

    public func answer(_ query: MetricsQuery, links: @escaping @Sendable (Int) -> String, routeBase: String, on eventLoop: any EventLoop) -> SourceAnswer {
        do throws(MetricsRequestError) {
            if case .historical = query.endpoint {
                return .ready(.success(SourceReply(body: try engine.evaluateSeries(query).response(for: query, href: links).jsonBytes)))
            }
            return .ready(.success(SourceReply(body: try engine.evaluate(query).response(for: query, href: links).jsonBytes)))
        } catch {
            return .ready(.failure(APIError.invalid(error)))
        }
    }
}
