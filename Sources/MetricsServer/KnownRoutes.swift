import Hummingbird

/// Every path the server answers and the methods it answers there, so that any other method on one
/// of them, including methods no router lists (`QUERY`, `PROPFIND`, `FOO`), is 405 with `Allow`
/// rather than "no such resource".
enum KnownRoutes {
    static let all: [(path: String, allow: String)] = [
        (MetricsRoute.path, "POST"), (MetricsRoute.agentViewPath, "POST"), (MetricsRoute.historicalPath, "POST"),
        (DomainRoute.path, "GET, HEAD"), (OpenAPIRoute.path, "GET, HEAD"), (SentinelRoute.path, "POST"),
        (PrometheusRoute.path, "GET, HEAD"),
    ]

    /// The `Allow` value for `path` when it is one of ours (`:name` components match any one component).
    static func allow(for path: String) -> String? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for route in all {
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == components.count else { continue }
            if zip(pattern, components).allSatisfy({ $0.first == ":" ? !$1.isEmpty : $0 == $1 }) { return route.allow }
        }
        return nil
    }
}
