import ArgumentParser
import Dashboard
import Foundation
import KeyMetrics
import Logging
import MetricsClient
import MetricsServer

/// `kmmtop snapshot`: one poll of the account, printed to stdout as a table, JSON or CSV, for scripts
/// and cron. Errors are one line on stderr (`kmmtop: …`) and a distinct exit status per family
/// (``ExitStatus``). With no account configured it asks the built-in demo server, and says so.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print one snapshot of the account's metrics as a table, JSON or CSV.",
        discussion: """
            The account, server and credentials come from the configuration file (see config/kmmtop.yaml); \
            flags override it. Secrets come from environment variables or files only their owner can read, \
            never from flags. With no account configured, the snapshot comes from the built-in demo \
            account (simulated), and stderr says so.

            \(ExitStatus.helpText)

            With --check the snapshot is judged against the thresholds of the configuration file (the \
            board's own, with the same defaults when it has none; one look, so no dwell): the first line \
            reads KMMTOP OK|WARNING|CRITICAL|UNKNOWN - <summary> | <performance data>, a line per breach follows, \
            and the exit status is the plugin convention's: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (any \
            failure, the server unreachable or a bad answer among them).
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @OptionGroup(title: "Query and output")
    var options: SnapshotOptions

    static let demoNotice = "no account configured; using the built-in demo account \(DemoServer.defaultAccountId) (simulated)"

    func run() async throws {
        let status = await execute(environment: ProcessInfo.processInfo.environment)
        if status != 0 { throw ExitCode(status) }
    }

    /// Everything `run` does, returning the exit status instead of exiting: an ``ExitStatus``, or with
    /// `--check` a ``CheckOutput/Status``. Errors are written to stderr (with `--check`, as the UNKNOWN
    /// line on stdout).
    func execute(environment: [String: String]) async -> Int32 {
        let status = await fetch(environment: environment)
        switch status {
        case .finished(let code): return code
        case .failed(let failure): return options.check ? CheckOutput.Status.unknown.rawValue : failure.rawValue
        }
    }

    private enum Outcome {
        case finished(Int32)
        case failed(ExitStatus)
    }

    private func fetch(environment: [String: String]) async -> Outcome {
        let logger: Logger
        do {
            logger = try Self.bootstrapLogging(logFile: connection.logFile)
        } catch {
            fail(String(describing: error))
            return .failed(.usage)
        }
        let target: ConnectionTarget
        let thresholds: ThresholdSet
        let view: ViewSettings
        do throws(ConfigError) {
            let config = try ConfigLoader.load(explicitPath: connection.config, environment: environment)
            target = try ConnectionTarget.resolve(config: config, options: connection, environment: environment)
            thresholds = config.dashboard.thresholds
            view = config.dashboard.view
        } catch {
            fail(error.description)
            // A secret that cannot be read is an authentication problem, the rest is usage.
            return .failed(error.isSecretProblem ? .auth : .usage)
        }

        let demo: DemoServer?
        let client: ClientConfiguration
        switch target {
        case .account(let configuration):
            demo = nil
            client = configuration
        case .demo where options.check:
            // A check of simulated numbers would page someone about nothing (or calm them about nothing).
            fail("no account configured: a check judges a real account; set account (and server or domain) in the configuration, or pass --account and --server")
            return .failed(.usage)
        case .demo:
            StandardStreams.errorLine("kmmtop: \(Self.demoNotice)")
            do {
                let server = try await DemoServer.start(logger: logger)
                demo = server
                client = ClientConfiguration(account: server.accountId, server: server.baseURL)
            } catch {
                fail("the built-in demo server could not start: \(error)")
                return .failed(.server)
            }
        }
        let outcome = await fetchAndPrint(client: client, thresholds: thresholds, view: view, logger: logger)
        await demo?.stop()
        return outcome
    }

    /// Every metric a line is drawn for, in the catalog's order: a check fetches them all.
    static func judgedMetrics(_ thresholds: ThresholdSet) -> [Metric] {
        let named = Set(thresholds.perMetric.keys).union(thresholds.overrides.values.flatMap(\.keys))
        return Metric.allCases.filter(named.contains)
    }

    private func fetchAndPrint(client configuration: ClientConfiguration, thresholds: ThresholdSet, view: ViewSettings, logger: Logger) async -> Outcome {
        let query: MetricsQuery
        let metrics: [Metric]
        let limit: Int64?
        do throws(ValidationError) {
            // Checked by `validate()` already; the window ends now.
            // A check judges what the board shows: the configuration's view, where no flag says otherwise.
            query = try options.query(now: EpochClock.now(), also: options.check ? Self.judgedMetrics(thresholds) : [], view: options.check ? view : nil)
            metrics = try options.metricList()
            limit = try options.timeoutMillis()
        } catch {
            fail(error.message)
            return .failed(.usage)
        }
        let client: MetricsClient
        do throws(ClientError) {
            client = try MetricsClient(configuration: configuration, logger: logger)
        } catch {
            fail(error.description)
            return .failed(ExitStatus(error.category))
        }
        let outcome = await Self.snapshot(query, from: client, within: limit)
        await client.shutdown()
        guard let result = outcome else {
            let text = options.timeout ?? "50s"
            logger.error("snapshot: no answer within \(text)")
            fail("no answer within \(text) (--timeout)")
            return .failed(.network)
        }
        switch result {
        case .success(let snapshot):
            logger.info(
                "snapshot of account \(configuration.account): \(snapshot.groups.count) groups in \(snapshot.requestCount) requests")
            guard options.check else {
                StandardStreams.writeAll(render(snapshot, account: configuration.account, metrics: metrics), to: STDOUT_FILENO)
                return .finished(ExitStatus.ok.rawValue)
            }
            let check = HealthCheck.evaluate(snapshot, thresholds: thresholds)
            guard check.judged > 0 else {
                // No line, or no data under any line: nothing was checked, which is not "OK".
                fail(thresholds.isEmpty ? "nothing to judge: the configuration's thresholds are empty" : "nothing to judge: no row has data for any metric with a line")
                return .failed(.server)
            }
            StandardStreams.writeAll(CheckOutput.render(check, groupBy: snapshot.query.groupBy), to: STDOUT_FILENO)
            return .finished(CheckOutput.status(check).rawValue)
        case .failure(let error):
            logger.error("snapshot failed: \(error)")
            fail(error.description)
            return .failed(ExitStatus(error.category))
        }
    }

    /// The snapshot, or `nil` when `millis` passed first (the fetch is then cancelled).
    static func snapshot(_ query: MetricsQuery, from client: MetricsClient, within millis: Int64?) async -> Result<Snapshot, ClientError>? {
        await withTaskGroup(of: Result<Snapshot, ClientError>?.self) { group in
            group.addTask {
                do throws(ClientError) { return .success(try await client.snapshot(query)) } catch { return .failure(error) }
            }
            if let millis {
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(millis))
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func render(_ snapshot: Snapshot, account: String, metrics: [Metric]) -> String {
        switch options.outputFormat {
        case .table: SnapshotTable.render(snapshot, metrics: metrics)
        case .json: SnapshotJSON.render(snapshot, account: account, metrics: metrics)
        case .csv: SnapshotCSV.render(snapshot, metrics: metrics)
        }
    }

    /// The one line on stderr, `kmmtop: <message>`; with `--check`, the UNKNOWN line on stdout, where a
    /// monitoring system reads it.
    func fail(_ message: String) {
        if options.check {
            StandardStreams.writeAll(CheckOutput.unknown(message), to: STDOUT_FILENO)
        } else {
            Kmmtop.report(message)
        }
    }

    /// Logs go to `--log-file` or nowhere: stdout is the snapshot, stderr is for the one error line.
    static func bootstrapLogging(logFile: String?) throws -> Logger {
        if let logFile {
            _ = try LogSetup.bootstrap(logFile: logFile)
        } else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        }
        return Logger(label: "kmmtop.snapshot")
    }
}
