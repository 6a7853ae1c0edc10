import Testing
@testable import MetricsServer

/// The metrics routes are matched before the router, as the router matched them: raw components, empty
/// ones (a doubled or trailing `/`) skipped, names case-sensitive.
@Suite struct RouteMatchTests {
    @Test func theThreeRoutesAndTheirAccount() {
        #expect(MetricsRoute.match(path: "/manager_workspace/api/account/90412345/metrics").map { "\($0.kind) \($0.accountId)" } == "metrics 90412345")
        #expect(MetricsRoute.match(path: "/manager_workspace/api/account/1/agent_view")?.kind == .agentView)
        #expect(MetricsRoute.match(path: "/manager_workspace/api/account/1/historical")?.kind == .historical)
        #expect(MetricsRoute.match(path: "//manager_workspace//api/account/7/metrics/")?.accountId == "7")
        #expect(MetricsRoute.match(path: "/manager_workspace/api/account/9041234%35/metrics")?.accountId == "9041234%35")
    }

    @Test(arguments: [
        "/", "", "/manager_workspace/api/account/1", "/manager_workspace/api/account//metrics", "/manager_workspace/api/account/1/metrics/x",
        "/Manager_workspace/api/account/1/metrics", "/manager_workspace/api/accounts/1/metrics", "/manager_workspace/api/account/1/metric",
    ])
    func otherPathsAreNotOurs(path: String) {
        #expect(MetricsRoute.match(path: path[...]) == nil)
    }
}
