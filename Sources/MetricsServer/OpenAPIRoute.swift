import Hummingbird

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 description, embedded in the binary at build time
/// (`Sources/MetricsServer/openapi.yaml`), so the document always matches the server that serves it.
enum OpenAPIRoute {
    static let path = "/openapi.yaml"

    /// The document's text.
    static var document: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    static func handle(_ request: Request, context: ServerRequestContext) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
    }
}
