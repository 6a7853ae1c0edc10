import Foundation
import Testing
@testable import OAuth1

/// RFC 5849's own examples, percent-encoding, the header round trip and verification.
@Suite struct OAuth1Tests {
    // MARK: - RFC 5849 §1.2 (the photos.example.net request)

    static let photos = OAuth1Signer(
        consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44",
        token: "nnch734d00sl2jdk", tokenSecret: "pfkkdhi9sl3r4s00")
    static let photosURL = URL(string: "http://photos.example.net/photos?file=vacation.jpg&size=original")!

    @Test func rfcSection1_2Signature() throws {
        let header = Self.photos.authorizationHeader(
            method: "GET", url: Self.photosURL, nonce: "kllo9940pd9333jh", timestamp: 1_191_242_096)
        let parameters = try #require(OAuth1.parseAuthorizationHeader(header))
        #expect(parameters["oauth_signature"] == "tR3+Ty81lMeYAr/Fid0kMTYa/WM=")
        #expect(header.contains(#"oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D""#))
        #expect(Self.photos.signature(method: "GET", url: Self.photosURL, nonce: "kllo9940pd9333jh", timestamp: 1_191_242_096)
            == "tR3+Ty81lMeYAr/Fid0kMTYa/WM=")
    }

    @Test func rfcSection1_2BaseString() {
        let parameters = OAuth1.queryParameters(of: Self.photosURL) + [
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_token", "nnch734d00sl2jdk"),
            ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "1191242096"),
            ("oauth_nonce", "kllo9940pd9333jh"), ("oauth_version", "1.0"),
        ]
        let base = OAuth1.signatureBaseString(method: "GET", url: Self.photosURL, parameters: parameters)
        #expect(base == "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal")
        #expect(OAuth1.hmacSHA1Signature(baseString: base, consumerSecret: "kd94hf93k423kf44", tokenSecret: "pfkkdhi9sl3r4s00")
            == "tR3+Ty81lMeYAr/Fid0kMTYa/WM=")
    }

    @Test func headerHasTheDocumentedShape() {
        let header = Self.photos.authorizationHeader(
            method: "GET", url: Self.photosURL, nonce: "kllo9940pd9333jh", timestamp: 1_191_242_096)
        #expect(header == #"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="kllo9940pd9333jh", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1191242096", oauth_token="nnch734d00sl2jdk", oauth_version="1.0""#)
    }

    // MARK: - RFC 5849 §3.4.1.1 (the example.com request with c2, a3, b5 …)

    /// `POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b`, body `c2&a3=2+q`, and the header's parameters.
    static let rfcURL = URL(string: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")!
    static let rfcHeader = """
        OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", \
        oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", \
        oauth_signature="djosJKDKJSD8743243%2Fjdk33klY%3D"
        """
    /// As RFC 5849 §3.4.1.1 prints it (there wrapped over five lines).
    static let rfcBaseString =
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
        + "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
        + "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
        + "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
        + "9d7dh3k39sjv7"

    @Test func rfcSection3_4_1_1BaseString() throws {
        let header = try #require(OAuth1.parseAuthorizationHeader(Self.rfcHeader))
        #expect(header["realm"] == "Example")
        #expect(header["oauth_signature"] == "djosJKDKJSD8743243/jdk33klY=")
        let query = OAuth1.queryParameters(of: Self.rfcURL)
        #expect(query.map { "\($0.0)=\($0.1)" } == ["b5==%3D", "a3=a", "c@=", "a2=r b"])
        let body = OAuth1.formParameters("c2&a3=2+q")
        #expect(body.map { "\($0.0)=\($0.1)" } == ["c2=", "a3=2 q"])
        let protocolParameters = header.filter { $0.key != "realm" && $0.key != "oauth_signature" }.map { ($0.key, $0.value) }
        let all = query + body + protocolParameters
        #expect(OAuth1.normalizedParameters(all)
            == "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7")
        #expect(OAuth1.signatureBaseString(method: "POST", url: Self.rfcURL, parameters: all) == Self.rfcBaseString)
        #expect(OAuth1.signatureBaseString(method: "post", url: Self.rfcURL, parameters: all) == Self.rfcBaseString)
    }

    @Test func rfcSection3_4_1_2BaseStringURIs() {
        #expect(OAuth1.baseStringURI(URL(string: "HTTP://EXAMPLE.COM:80/r%20v/X?id=123")!) == "http://example.com/r%20v/X")
        #expect(OAuth1.baseStringURI(URL(string: "https://www.example.net:8080/?q=1")!) == "https://www.example.net:8080/")
        #expect(OAuth1.baseStringURI(URL(string: "https://example.net:443")!) == "https://example.net/")
        #expect(OAuth1.baseStringURI(URL(string: "http://127.0.0.1:8080/a/b#frag")!) == "http://127.0.0.1:8080/a/b")
        #expect(OAuth1.baseStringURI(URL(string: "http://[::1]:9000/x")!) == "http://[::1]:9000/x")
    }

    // MARK: - §3.6 percent-encoding

    @Test func percentEncoding() {
        let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
        #expect(OAuth1.percentEncode(unreserved) == unreserved)
        #expect(OAuth1.percentEncode(" ") == "%20")
        #expect(OAuth1.percentEncode("+") == "%2B")
        #expect(OAuth1.percentEncode("*") == "%2A")
        #expect(OAuth1.percentEncode("!'()") == "%21%27%28%29")
        #expect(OAuth1.percentEncode(":/?#[]@") == "%3A%2F%3F%23%5B%5D%40")
        #expect(OAuth1.percentEncode("$&,;=%") == "%24%26%2C%3B%3D%25")
        #expect(OAuth1.percentEncode("é") == "%C3%A9")
        #expect(OAuth1.percentEncode("☃") == "%E2%98%83")
        #expect(OAuth1.percentEncode("😀") == "%F0%9F%98%80")
        #expect(OAuth1.percentEncode("") == "")
        #expect(OAuth1.percentEncode("Ladies + Gentlemen") == "Ladies%20%2B%20Gentlemen")
    }

    @Test func percentDecoding() {
        #expect(OAuth1.percentDecode("%C3%A9%20x") == "é x")
        #expect(OAuth1.percentDecode("a+b") == "a+b")
        #expect(OAuth1.percentDecode("a+b", plusIsSpace: true) == "a b")
        #expect(OAuth1.percentDecode("100%") == "100%")
        #expect(OAuth1.percentDecode("%zz%4") == "%zz%4")
        for text in ["é ☃ 😀", "a&b=c", "%41", "~-._"] {
            #expect(OAuth1.percentDecode(OAuth1.percentEncode(text)) == text)
        }
    }

    // MARK: - The header parser

    @Test func headerRoundTrip() throws {
        let signer = OAuth1Signer(consumerKey: "key with space&é", consumerSecret: "s", token: "t/+=", tokenSecret: "ts")
        let url = URL(string: "http://127.0.0.1:8080/manager_workspace/api/account/1/metrics?v=1&x=%2B")!
        let header = signer.authorizationHeader(method: "POST", url: url, nonce: "n \"quoted\"", timestamp: 42)
        let parsed = try #require(OAuth1.parseAuthorizationHeader(header))
        #expect(parsed["oauth_consumer_key"] == "key with space&é")
        #expect(parsed["oauth_token"] == "t/+=")
        #expect(parsed["oauth_nonce"] == "n \"quoted\"")
        #expect(parsed["oauth_timestamp"] == "42")
        #expect(parsed["oauth_signature_method"] == "HMAC-SHA1")
        #expect(parsed["oauth_version"] == "1.0")
        #expect(parsed.count == 7)
        #expect(failure { () throws(OAuth1.VerificationFailure) in try OAuth1.verify(method: "POST", url: url, header: parsed, consumerSecret: "s", tokenSecret: "ts") } == nil)
    }

    @Test func headerParserRefusesOtherSchemesAndMalformedHeaders() {
        #expect(OAuth1.parseAuthorizationHeader("Bearer abc") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuthx a=\"b\"") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth a=b") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth a=\"b") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth a=\"b\" c=\"d\"") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth a=\"1\", a=\"2\"") == nil)
        #expect(OAuth1.parseAuthorizationHeader("OAuth =\"1\"") == nil)
        #expect(OAuth1.parseAuthorizationHeader("oauth  a = \"1\" ,b=\"%20\",") == ["a": "1", "b": " "])
    }

    // MARK: - Verification

    @Test func tamperingFailsVerification() throws {
        let header = Self.photos.authorizationHeader(
            method: "GET", url: Self.photosURL, nonce: "kllo9940pd9333jh", timestamp: 1_191_242_096)
        let parsed = try #require(OAuth1.parseAuthorizationHeader(header))
        let secrets = (consumer: "kd94hf93k423kf44", token: "pfkkdhi9sl3r4s00")
        func verify(method: String = "GET", url: URL = Self.photosURL, header: [String: String] = parsed,
                    form: [(String, String)] = [], consumer: String = secrets.consumer, token: String = secrets.token)
            -> OAuth1.VerificationFailure?
        {
            failure { () throws(OAuth1.VerificationFailure) in
                try OAuth1.verify(method: method, url: url, header: header, formParameters: form, consumerSecret: consumer, tokenSecret: token)
            }
        }
        #expect(verify() == nil)
        #expect(verify(method: "POST") == .some(.badSignature))
        #expect(verify(url: URL(string: "http://photos.example.net/photos?file=vacation.jpg&size=large")!) == .some(.badSignature))
        #expect(verify(url: URL(string: "http://photos.example.net/photos?file=vacation.jpg")!) == .some(.badSignature))
        #expect(verify(url: URL(string: "https://photos.example.net/photos?file=vacation.jpg&size=original")!) == .some(.badSignature))
        #expect(verify(url: URL(string: "http://PHOTOS.example.net:80/photos?size=original&file=vacation.jpg")!) == nil)
        #expect(verify(form: [("extra", "1")]) == .some(.badSignature))
        #expect(verify(consumer: "wrong") == .some(.badSignature))
        #expect(verify(token: "wrong") == .some(.badSignature))
        for (name, value) in [("oauth_nonce", "other"), ("oauth_timestamp", "1191242097"), ("oauth_token", "x"), ("oauth_consumer_key", "y")] {
            var tampered = parsed
            tampered[name] = value
            #expect(verify(header: tampered) == .some(.badSignature))
        }
        var extra = parsed
        extra["oauth_callback"] = "oob"
        #expect(verify(header: extra) == .some(.badSignature))
        var realm = parsed
        realm["realm"] = "Photos"
        #expect(verify(header: realm) == nil)
        var plaintext = parsed
        plaintext["oauth_signature_method"] = "PLAINTEXT"
        #expect(verify(header: plaintext) == .some(.unsupportedSignatureMethod))
        var version = parsed
        version["oauth_version"] = "2.0"
        #expect(verify(header: version) == .some(.unsupportedVersion))
        var missing = parsed
        missing["oauth_nonce"] = nil
        #expect(verify(header: missing) == .some(.missingParameter("oauth_nonce")))
    }

    @Test func formBodyParametersAreSigned() throws {
        let url = URL(string: "https://api.example.com/token?v=1.0")!
        let form = [("client_id", "abc"), ("scope", "a b")]
        let header = Self.photos.authorizationHeader(method: "POST", url: url, nonce: "n", timestamp: 1, formParameters: form)
        let parsed = try #require(OAuth1.parseAuthorizationHeader(header))
        let ok = failure { () throws(OAuth1.VerificationFailure) in try OAuth1.verify(method: "POST", url: url, header: parsed, formParameters: form,
                               consumerSecret: "kd94hf93k423kf44", tokenSecret: "pfkkdhi9sl3r4s00") }
        #expect(ok == nil)
        let bad = failure { () throws(OAuth1.VerificationFailure) in try OAuth1.verify(method: "POST", url: url, header: parsed, formParameters: [("client_id", "abc")],
                                consumerSecret: "kd94hf93k423kf44", tokenSecret: "pfkkdhi9sl3r4s00") }
        #expect(bad == .some(.badSignature))
    }

    @Test func constantTimeEquality() {
        #expect(OAuth1.constantTimeEquals("abc", "abc"))
        #expect(!OAuth1.constantTimeEquals("abc", "abd"))
        #expect(!OAuth1.constantTimeEquals("abc", "ab"))
        #expect(!OAuth1.constantTimeEquals("", "a"))
        #expect(OAuth1.constantTimeEquals("", ""))
    }

    @Test func signerNeverPrintsItsSecrets() {
        let signer = OAuth1Signer(consumerKey: "ck", consumerSecret: "SECRET-1", token: "TOKEN-2", tokenSecret: "SECRET-3")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in ["\(signer)", String(describing: signer), String(reflecting: signer), dumped] {
            #expect(!text.contains("SECRET-1") && !text.contains("TOKEN-2") && !text.contains("SECRET-3"))
        }
    }

    @Test func noncesAreFreshHex() {
        let a = OAuth1.makeNonce(), b = OAuth1.makeNonce()
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(a.allSatisfy { $0.isHexDigit })
    }

    /// The failure a verification threw, or `nil` when it passed.
    func failure(_ body: () throws(OAuth1.VerificationFailure) -> Void) -> OAuth1.VerificationFailure? {
        do { try body(); return nil } catch { return error }
    }
}
