import Hummingbird
import NIOCore

/// `GET /metrics`: the views served (``ServedViews``) and the source's own figures in Prometheus'
/// text format. The numbers are the account's, so the route asks for the same credentials as the API
/// (a scrape config's `authorization` or `bearer_token_file`); open only when the server is.
struct PrometheusRoute: Sendable {
    static let path = "/metrics"

    let source: any MetricsSource
    let views: ServedViews
    let authentication: RequestAuthentication

    func handle(_ request: Request, context: ServerRequestContext) throws -> Response {
        _ = try authentication.authenticate(method: request.method.rawValue, headers: request.headers, uri: request.uri)
        var text = PrometheusText()
        let answers = views.answers
        text.set("kmmtop_views_served", help: "Views whose latest answer these samples come from.", labels: ["account": source.accountId], Double(answers.count))
        source.prometheusSamples(into: &text)
        MetricsExposition.samples(account: source.accountId, views: answers, into: &text)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text.text)))
    }
}
