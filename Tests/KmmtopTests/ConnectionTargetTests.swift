import ArgumentParser
import Foundation
import MetricsClient
import Testing

@testable import kmmtop

@Suite struct ConnectionTargetTests {
    func options(_ arguments: [String]) throws -> ConnectionOptions {
        try ConnectionOptions.parse(arguments)
    }

    func resolve(_ yaml: String, _ arguments: [String] = [], environment: [String: String] = [:], file: String = "config.yaml")
        throws -> ConnectionTarget
    {
        let config = try ConfigLoader.parse(yaml, file: file)
        return try ConnectionTarget.resolve(config: config, options: try options(arguments), environment: environment)
    }

    func client(_ target: ConnectionTarget) throws -> ClientConfiguration {
        guard case .account(let configuration) = target else { throw TestFailure("expected an account, got demo") }
        return configuration
    }

    func failure(_ body: () throws -> Any) -> ConfigError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func noAccountIsDemo() throws {
        guard case .demo = try resolve("poll:\n  interval: 5s\n") else { throw TestFailure("expected demo") }
        #expect(failure { try resolve("", ["--server", "http://127.0.0.1:1"]) }?.description
            == "--server: needs an account: give --account ID or 'account' in the configuration")
    }

    @Test func configurationValuesReachTheClient() throws {
        let yaml = """
            account: "123"
            domain: va.amw.liveperson.net
            csds_url: https://csds.example
            poll: {requests_per_minute: 30, max_concurrent: 3, connect_timeout: 2s, request_timeout: 1m}
            """
        let configuration = try client(try resolve(yaml))
        #expect(configuration.account == "123")
        #expect(configuration.server?.absoluteString == "https://va.amw.liveperson.net")
        #expect(configuration.csdsBaseURL.absoluteString == "https://csds.example")
        #expect(configuration.requestsPerMinute == 30 && configuration.maxConcurrent == 3)
        #expect(configuration.connectTimeoutSeconds == 2 && configuration.requestTimeoutSeconds == 60)
        #expect(configuration.allowInsecureHTTP == false)
        #expect(configuration.credentials.kind == nil)
    }

    @Test func flagsOverrideTheConfiguration() throws {
        let yaml = "account: \"123\"\nserver: https://a.example\n"
        let configuration = try client(try resolve(yaml, ["--account", "456", "--server", "http://10.0.0.1:8080", "--allow-insecure-http"]))
        #expect(configuration.account == "456")
        #expect(configuration.server?.absoluteString == "http://10.0.0.1:8080")
        #expect(configuration.allowInsecureHTTP)
        // --account alone is enough to leave demo mode.
        #expect(try client(try resolve("", ["--account", "9"])).account == "9")
    }

    @Test func secretsComeFromTheEnvironment() throws {
        let yaml = """
            account: "1"
            auth:
              method: oauth1
              consumer_key_env: CK
              consumer_secret_env: CS
              access_token_env: AT
              access_token_secret_env: ATS
            """
        let configuration = try client(try resolve(yaml, environment: ["CK": "ck-value", "CS": "cs-value\n", "AT": "at-value", "ATS": "ats-value"]))
        guard case .oauth1(let key, let secret, let token, let tokenSecret) = configuration.credentials else {
            throw TestFailure("expected oauth1")
        }
        #expect([key, secret, token, tokenSecret].map { $0.reveal() } == ["ck-value", "cs-value", "at-value", "ats-value"])

        let error = try #require(failure { try resolve(yaml, environment: ["CK": "ck-value", "AT": "a", "ATS": "b"]) })
        #expect(error.description == "config.yaml:5: auth.consumer_secret_env: the environment variable CS is not set")
        #expect(error.isSecretProblem)
    }

    @Test func secretsComeFromOwnerOnlyFiles() throws {
        let id = UUID().uuidString
        try Scratch.shared.write("client-id-\(id)\n", named: "id-\(id)", mode: 0o600)
        try Scratch.shared.write("  client-secret-\(id)  \n", named: "secret-\(id)", mode: 0o400)
        let yaml = """
            account: "1"
            auth:
              method: oauth2
              client_id_file: id-\(id)
              client_secret_file: \(Scratch.shared.path("secret-\(id)"))
            """
        // A relative path is relative to the configuration file's directory.
        let configuration = try client(try resolve(yaml, file: Scratch.shared.path("config.yaml")))
        guard case .oauth2(let clientId, let clientSecret) = configuration.credentials else { throw TestFailure("expected oauth2") }
        #expect(clientId.reveal() == "client-id-\(id)" && clientSecret.reveal() == "client-secret-\(id)")
    }

    @Test func aSecretFileOthersCanReadIsRefused() throws {
        let id = UUID().uuidString
        let path = try Scratch.shared.write("planted-\(id)\n", named: "tokenfile-\(id)", mode: 0o644)
        let yaml = "account: \"1\"\nauth:\n  method: bearer\n  token_file: \(path)\n"
        let error = try #require(failure { try resolve(yaml) })
        #expect(error.description
            == "config.yaml:4: auth.token_file: secret file \(path) can be read by others (mode 644); it must be readable by its owner only: chmod 600 \(path)")
        #expect(error.isSecretProblem)
        #expect(!error.description.contains("planted-\(id)"))

        let missing = Scratch.shared.path("missing-\(id)")
        let missingError = try #require(failure { try resolve("account: \"1\"\nauth:\n  method: bearer\n  token_file: \(missing)\n") })
        #expect(missingError.description == "config.yaml:4: auth.token_file: cannot read secret file \(missing): No such file or directory")
    }

    @Test func badFlagsAreRefusedByValidation() {
        #expect(throws: (any Error).self) { try options(["--account", "a b"]) }
        #expect(throws: (any Error).self) { try options(["--server", "ftp://x"]) }
    }
}
