import Foundation
import Hummingbird
import HummingbirdCore
import KeyMetrics
import MetricsEngine
import NIOCore

/// The service's three POST routes, as the seed and api-facts.md have them:
/// `…/metrics?offset&limit&sort`, `…/agent_view?offset&limit&sort` and `…/historical?interval&offset&limit&sort`.
/// Decode the body (already read in full, at most `maxBodyBytes`) into the wire ``MetricsRequest``, validate it
/// into a ``MetricsQuery`` with the route's own rules, evaluate on the engine, and answer one page with
/// absolute links. Each failure is a 4xx with the field at fault; nothing the client sends can cause a 5xx.
///
/// Synchronous and free of any HTTP framework: ``MetricsChannelHandler`` calls it on the connection's
/// event loop, the hot path of every dashboard and snapshot.
struct MetricsRoute: Sendable {
    static let path = "/manager_workspace/api/account/:accountId/metrics"
    static let agentViewPath = "/manager_workspace/api/account/:accountId/agent_view"
    static let historicalPath = "/manager_workspace/api/account/:accountId/historical"

    enum Kind: Sendable { case metrics, agentView, historical }

    let source: any MetricsSource
    let address: PublicAddress
    /// Every answer given is noted here, for `GET /metrics`.
    let views: ServedViews

    /// The route a request path (no query) names, and its account id: components as the router matched
    /// them (raw, not percent-decoded; empty ones, as in `//` or a trailing `/`, skipped).
    static func match(path: Substring) -> (kind: Kind, accountId: Substring)? {
        // Component by component, without splitting the path into an array: this runs on every request.
        var rest = path[...]
        let slash = UInt8(ascii: "/")
        func next() -> Substring? {
            let units = rest.utf8
            guard let start = units.firstIndex(where: { $0 != slash }) else { return nil }
            let end = units[start...].firstIndex(of: slash) ?? units.endIndex
            defer { rest = rest[end...] }
            return rest[start..<end]
        }
        guard next() == "manager_workspace", next() == "api", next() == "account",
            let accountId = next(), let name = next(), next() == nil
        else { return nil }
        switch name {
        case "metrics": return (.metrics, accountId)
        case "agent_view": return (.agentView, accountId)
        case "historical": return (.historical, accountId)
        default: return nil
        }
    }

    /// The answer to a request for `kind` of `accountId`, with the request's query parameters: the
    /// request is validated here, whatever the source, so a bad one costs a relay no upstream call.
    func answer(_ kind: Kind, accountId: Substring, parameters: FlatDictionary<Substring, Substring>, body: ByteBuffer, on eventLoop: any EventLoop) -> SourceAnswer {
        do throws(APIError) {
            guard accountId == source.accountId else { throw APIError.unknownAccount(String(accountId)) }
            let wire = try Self.decode(body)
            let query: MetricsQuery
            do throws(MetricsRequestError) {
                let endpoint: Endpoint
                switch kind {
                case .metrics: endpoint = .metrics
                case .agentView: endpoint = .agentView
                case .historical: endpoint = try .historical(intervalText: parameters["interval"].map(String.init))
                }
                query = try MetricsQuery(
                    request: wire, offset: parameters["offset"].map(String.init), limit: parameters["limit"].map(String.init),
                    sort: parameters["sort"].map(String.init), endpoint: endpoint)
            } catch {
                throw APIError.invalid(error)
            }
            let routeBase = "\(address.baseURL)/manager_workspace/api/account/\(accountId)/"
            let answer = source.answer(query, links: links(routeBase: routeBase, query: query), routeBase: routeBase, on: eventLoop)
            switch answer {
            case .ready(.success(let reply)): views.record(query, body: reply.body)
            case .pending(let future): future.whenSuccess { [views] reply in views.record(query, body: reply.body) }
            case .ready(.failure): break
            }
            return answer
        } catch {
            return .ready(.failure(error))
        }
    }

    /// The absolute link for a page at an offset: the route's own URL with the request's interval,
    /// limit and (when given) sort repeated.
    private func links(routeBase: String, query: MetricsQuery) -> @Sendable (Int) -> String {
        let base = routeBase + query.endpoint.pathName
        let sort = query.sortGiven ? "&sort=\(query.sort.description(keyName: query.sortKeyName))" : ""
        var text = ""
        if case .historical(let minutes) = query.endpoint, minutes > 0 { text = "interval=\(minutes)&" }
        let interval = text
        let limit = query.limit
        return { offset in "\(base)?\(interval)offset=\(offset)&limit=\(limit)\(sort)" }
    }

    /// JSON into the wire type (the usual form straight from the bytes, ``MetricsRequestParser``; the rest,
    /// and every error, by `JSONDecoder`); syntax errors are `malformed_json`, type errors name the field path
    /// (`filters.skillIds[0]`) in ``JSONLines/describe(_:)``'s words.
    static func decode(_ body: ByteBuffer) throws(APIError) -> MetricsRequest {
        if let request = body.withUnsafeReadableBytes({ MetricsRequestParser.parse($0) }) { return request }
        do {
            return try JSONDecoder().decode(MetricsRequest.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let field = unrepresentableTime(body) {
                throw APIError(.badRequest, "invalid_request", "\(field) must be a whole number of epoch milliseconds", field: field)
            }
            throw translate(error)
        } catch {
            throw APIError(.badRequest, "malformed_json", "the request body is not valid JSON")
        }
    }

    static func translate(_ error: DecodingError) -> APIError {
        let context: DecodingError.Context?
        var key: (any CodingKey)?
        switch error {
        case .keyNotFound(let missing, let c): context = c; key = missing
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: context = nil
        }
        let path = (context?.codingPath ?? []) + (key.map { [$0] } ?? [])
        if path.isEmpty {
            if case .dataCorrupted = error {
                return APIError(.badRequest, "malformed_json", "the request body is not valid JSON")
            }
            return APIError(.badRequest, "invalid_request", "the request body must be a JSON object")
        }
        return APIError(.badRequest, "invalid_request", JSONLines.describe(error), field: fieldPath(path))
    }

    /// Foundation's decoder reports a number that doesn't fit `Int64` (`1.5`, `1e20`, `1e400`) as "not
    /// valid JSON", with no path. The only integers of the request are the time bounds: if putting a
    /// stand-in in place of every such literal after `"from"` or `"to"` makes the body valid JSON and
    /// the stand-in turns up under `filters.time`, that field (from before to) is the one at fault.
    static func unrepresentableTime(_ body: ByteBuffer) -> String? {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        let number = /"(from|to)"\s*:\s*(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/
        // The stand-in is a value no client sends, so finding it under filters.time proves that the bad
        // literal was that field's own (and not a `"from"` somewhere else in the body).
        let standIn: Int64 = 7_919_000_000_000_000_001
        var repaired = ""
        var rest = text[...]
        var replaced = false
        for match in text.matches(of: number) where Int64(match.output.2) == nil {
            repaired += rest[..<match.output.2.startIndex] + String(standIn)
            rest = text[match.output.2.endIndex...]
            replaced = true
        }
        guard replaced else { return nil }
        repaired += rest
        guard let object = try? JSONSerialization.jsonObject(with: Data(repaired.utf8)) as? [String: Any],
            let filters = object["filters"] as? [String: Any], let time = filters["time"] as? [String: Any]
        else { return nil }
        for key in ["from", "to"] where (time[key] as? NSNumber)?.int64Value == standIn {
            return "filters.time.\(key)"
        }
        return nil
    }

    /// `filters.skillIds[0]` from a coding path.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for component in path {
            if let index = component.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + component.stringValue.sanitizedForMessage
            }
        }
        return text
    }
}
