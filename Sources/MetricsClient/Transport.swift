import AsyncHTTPClient
import Foundation
import KeyMetrics
import Logging

/// One request as the client means to send it. Headers may carry a credential: never log them.
struct OutgoingRequest: Sendable {
    enum Method: String, Sendable { case GET, POST }

    var method: Method
    var url: URL
    var headers: [(name: String, value: String)]
    var body: [UInt8]?

    init(method: Method, url: URL, headers: [(name: String, value: String)], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What came back: the status, the one header the client acts on, and the whole (capped) body.
struct HTTPAnswer: Sendable {
    var status: Int
    var retryAfter: String?
    /// `Age`: how old a cache (a relay) says the answer already was.
    var age: String? = nil

    /// ``age`` in seconds: a whole non-negative number (RFC 9111 §5.1), at most a day; anything else is 0
    /// (fresh).
    var ageSeconds: Int {
        guard let age, let seconds = Int(age.trimmingCharacters(in: .whitespaces)), seconds > 0 else { return 0 }
        return min(seconds, 86_400)
    }
    var body: [UInt8]
}

/// HTTP over AsyncHTTPClient with the client's rules: TLS verification on (the library default, never
/// changed), no redirects (a redirect could carry the `Authorization` header elsewhere), a connect timeout
/// and a total timeout that also covers reading the body, a body cap, and a proxy chosen per host.
/// Every failure comes out as a ``ClientError``.
final class Transport: Sendable {
    /// A real answer is a few hundred KiB at most (50 groups); anything near this is not the API.
    static let maxBodyBytes = 8 * 1024 * 1024

    private let direct: HTTPClient
    private let proxied: [ProxySettings.Endpoint: HTTPClient]
    private let proxies: ProxySettings
    private let connectTimeout: Double
    private let requestTimeout: Double
    private let maxBodyBytes: Int
    private let excerpt: Excerpt
    private let logger: Logger

    init(
        connectTimeout: Double, requestTimeout: Double, proxies: ProxySettings, excerpt: Excerpt, logger: Logger,
        maxBodyBytes: Int = Transport.maxBodyBytes
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.proxies = proxies
        self.excerpt = excerpt
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
        func client(_ proxy: ProxySettings.Endpoint?) -> HTTPClient {
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(
                    connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(requestTimeout * 1000))),
                decompression: .disabled)
            if let proxy {
                let authorization = proxy.username.map {
                    HTTPClient.Authorization.basic(username: $0.reveal(), password: proxy.password?.reveal() ?? "")
                }
                configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
            }
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        }
        direct = client(nil)
        var proxied: [ProxySettings.Endpoint: HTTPClient] = [:]
        for endpoint in [proxies.https, proxies.http].compactMap({ $0 }) where proxied[endpoint] == nil {
            proxied[endpoint] = client(endpoint)
        }
        self.proxied = proxied
    }

    func shutdown() async {
        for client in [direct] + Array(proxied.values) {
            try? await client.shutdown()
        }
    }

    /// Sends `request` and reads the whole answer, all within the request timeout.
    func send(_ request: OutgoingRequest) async throws(ClientError) -> HTTPAnswer {
        let host = request.url.host ?? "?"
        let proxy = proxies.proxy(for: request.url)
        let client = proxy.flatMap { proxied[$0] } ?? direct
        let began = ContinuousClock.now
        let result = await withTimeout(seconds: requestTimeout) { () async -> Result<HTTPAnswer, ClientError> in
            await self.exchange(request, client: client, host: host)
        }
        let outcome: Result<HTTPAnswer, ClientError> =
            result ?? .failure(Task.isCancelled ? .cancelled : .timeout(host: host, phase: "response", seconds: requestTimeout))
        let elapsed = ContinuousClock.now - began
        switch outcome {
        case .success(let answer):
            logger.debug(
                "\(request.method.rawValue) \(host)\(request.url.path) → \(answer.status)",
                metadata: ["ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                           "bytes": "\(answer.body.count)", "proxy": "\(proxy?.description ?? "none")"])
            return answer
        case .failure(let error):
            logger.debug("\(request.method.rawValue) \(host)\(request.url.path) failed: \(error)")
            throw error
        }
    }

    private func exchange(_ request: OutgoingRequest, client: HTTPClient, host: String) async -> Result<HTTPAnswer, ClientError> {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = request.method == .GET ? .GET : .POST
        outgoing.headers.add(name: "User-Agent", value: ProductVersion.userAgent)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .milliseconds(Int64(requestTimeout * 1000)), logger: logger)
        } catch {
            return .failure(TransportErrors.map(error, host: host, connectTimeout: connectTimeout, requestTimeout: requestTimeout))
        }
        let status = Int(response.status.code)
        let retryAfter = response.headers.first(name: "Retry-After")
        let age = response.headers.first(name: "Age")
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > maxBodyBytes {
            return .failure(.badResponse(reason: "the answer is \(declared) bytes, over the \(maxBodyBytes / 1_048_576) MiB limit", excerpt: ""))
        }
        var body: [UInt8] = []
        do {
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= maxBodyBytes else {
                    return .failure(.badResponse(reason: "the answer is over the \(maxBodyBytes / 1_048_576) MiB limit", excerpt: ""))
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            let mapped = TransportErrors.map(error, host: host, connectTimeout: connectTimeout, requestTimeout: requestTimeout)
            switch mapped {
            case .timeout, .cancelled: return .failure(mapped)
            default:
                return .failure(.badResponse(
                    reason: "the answer (HTTP \(status)) was cut off after \(body.count) bytes", excerpt: excerpt.clean(bytes: body)))
            }
        }
        return .success(HTTPAnswer(status: status, retryAfter: retryAfter, age: age, body: body))
    }
}

/// Runs `operation`, or gives up after `seconds` (then `nil`) and cancels it.
func withTimeout<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
