import Hummingbird
import KeyMetrics
import MetricsEngine

/// `GET /api/account/{accountId}/service/baseURI.json?version=1.0`: the slice of LivePerson's domain
/// service (CSDS) a client needs to find this API, so the dashboard's real-world look-up path runs
/// unchanged against the reference server. It answers our own `host:port` (no scheme, as CSDS does)
/// for `agentManagerWorkspace` and for `sentinel`. No authentication, as with the real CSDS.
struct DomainRoute: Sendable {
    static let path = "/api/account/:accountId/service/baseURI.json"

    let accountId: String
    let address: PublicAddress

    struct Answer: Encodable {
        struct Entry: Encodable {
            var service: String
            var account: String
            var baseURI: String
        }
        var baseURIs: [Entry]
    }

    func handle(_ request: Request, context: ServerRequestContext) throws -> Response {
        let requested = context.parameters.get("accountId") ?? ""
        guard requested == accountId else { throw APIError.unknownAccount(requested) }
        try APIVersion.check(request, parameter: "version")
        let authority = address.authority
        let answer = Answer(baseURIs: ["agentManagerWorkspace", "sentinel"].map {
            .init(service: $0, account: accountId, baseURI: authority)
        })
        return JSONResponse.make(status: .ok, answer)
    }
}
