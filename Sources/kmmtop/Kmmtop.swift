import ArgumentParser
import Foundation

/// The `kmmtop` command: a terminal dashboard over LivePerson's Key Messaging Metrics API and the
/// reference server for that API. `watch`, the dashboard, is the default.
@main
struct Kmmtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmmtop",
        abstract: "A terminal dashboard for LivePerson's Key Messaging Metrics API, and a reference server for it.",
        subcommands: [Watch.self, Serve.self, SnapshotCommand.self],
        defaultSubcommand: Watch.self
    )

    /// ArgumentParser's own `main`, except that `snapshot`'s usage errors are one line on stderr
    /// (`kmmtop: <message>`) with exit status 64, like every other `snapshot` failure.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if arguments.first == SnapshotCommand.configuration.commandName, exitCode(for: error) != .success {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                SnapshotCommand.fail("\(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) (see 'kmmtop snapshot --help')")
                Foundation.exit(SnapshotExit.usage.rawValue)
            }
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
