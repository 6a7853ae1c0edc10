import ArgumentParser
import Dashboard
import Foundation
import KeyMetrics

/// The `kmmtop` command: a terminal dashboard over LivePerson's Key Messaging Metrics API and the
/// reference server for that API. `watch`, the dashboard, is the default.
@main
struct Kmmtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmmtop",
        abstract: "A terminal dashboard for LivePerson's Key Messaging Metrics API, and a reference server for it.",
        version: ProductVersion.current,
        subcommands: [Watch.self, Serve.self, SnapshotCommand.self, Relay.self],
        defaultSubcommand: Watch.self
    )

    /// ArgumentParser's own `main`, except that every failure is one line on stderr, `kmmtop: <message>`,
    /// with the documented status (``ExitStatus``): 64 for a bad flag or configuration, 69 network,
    /// 70 server, 77 authentication, for `watch`, `serve` and `snapshot` alike. Help still prints whole.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let subcommand = configuration.subcommands.map { $0._commandName }.first { $0 == arguments.first }
            let help = subcommand.map { "kmmtop \($0) --help" } ?? "kmmtop --help"
            let text = "\(firstLine(message(for: error))) (see '\(help)')"
            if subcommand == "snapshot" && arguments.contains("--check") {
                // A monitoring system reads stdout and takes 3 as "the check could not be made".
                StandardStreams.writeAll(CheckOutput.unknown(text), to: STDOUT_FILENO)
                Foundation.exit(CheckOutput.Status.unknown.rawValue)
            }
            fail(text, status: .usage)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch let error as CommandError {
            fail(error.description, status: error.status)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            fail(firstLine(message(for: error)), status: exitCode(for: error) == .validationFailure ? .usage : .server)
        }
    }

    /// The one line on stderr and the exit.
    static func fail(_ message: String, status: ExitStatus) -> Never {
        report(message)
        Foundation.exit(status.rawValue)
    }

    /// `kmmtop: <message>` on stderr, on one line, with anything a terminal would act on replaced.
    static func report(_ message: String) {
        let flat = message.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        StandardStreams.errorLine("kmmtop: \(TextSanitizer.sanitize(flat))")
    }

    private static func firstLine(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? "invalid arguments"
        return line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
    }
}
