import ArgumentParser

/// The `kmmtop` command: a terminal dashboard over LivePerson's Key Messaging Metrics API and the
/// reference server for that API. `serve` is the default until the dashboard (`watch`) lands.
@main
struct Kmmtop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmmtop",
        abstract: "A terminal dashboard for LivePerson's Key Messaging Metrics API, and a reference server for it.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
