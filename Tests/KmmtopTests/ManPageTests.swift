import Foundation
import Testing

/// `man/kmmtop.1` is current: every command, every flag and every help text the built binary has
/// (from the argument parser's own description of itself, `--experimental-dump-help`) is in the page.
/// When this fails, run `man/generate.sh`.
@Suite struct ManPageTests {
    struct Dump: Decodable {
        struct Command: Decodable {
            var commandName: String
            var abstract: String?
            var discussion: String?
            var arguments: [Argument]?
            var subcommands: [Command]?
        }
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var names: [Name]?
            var abstract: String?
            var shouldDisplay: Bool
        }
        var command: Command
    }

    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("man/kmmtop.1")

    /// The page's text with the roff escapes undone and every run of white space one space.
    static func plain(_ roff: String) -> String {
        flat(roff.replacingOccurrences(of: "\\&", with: "").replacingOccurrences(of: "\\e", with: "\\"))
    }

    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theExitStatusesAreKmmtopsOwn() throws {
        let roff = try String(contentsOf: Self.page, encoding: .utf8)
        #expect(!roff.contains(".Ex -std"), "the generator's generic exit status is still there")
        for status in ["0", "1 2 3", "64", "69", "70", "77", "129"] { #expect(roff.contains("\n.It \(status)\n"), "no exit status \(status)") }
    }

    @Test func thePageSaysWhatTheBinarySays() async throws {
        let dump = try await Kmmtop.runOffPool(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let root = try JSONDecoder().decode(Dump.self, from: Data(dump.stdout.utf8)).command
        let roff = try String(contentsOf: Self.page, encoding: .utf8)
        let text = Self.plain(roff)
        var missing: [String] = []
        var checked = 0
        func visit(_ command: Dump.Command, path: [String]) {
            guard command.commandName != "help" else { return }
            for line in [command.abstract, command.discussion].compactMap({ $0 }) where !line.isEmpty {
                checked += 1
                if !text.contains(Self.flat(line)) { missing.append("\(path.joined(separator: " ")): \(line.prefix(60))") }
            }
            for argument in command.arguments ?? [] where argument.shouldDisplay {
                for name in argument.names ?? [] where name.kind == "long" {
                    checked += 1
                    if !roff.contains("Fl -\(name.name)") { missing.append("\(path.joined(separator: " ")) --\(name.name)") }
                }
                if let abstract = argument.abstract, !abstract.isEmpty {
                    checked += 1
                    if !text.contains(Self.flat(abstract)) { missing.append("\(path.joined(separator: " ")): \(abstract.prefix(60))") }
                }
            }
            for sub in command.subcommands ?? [] { visit(sub, path: path + [sub.commandName]) }
        }
        visit(root, path: ["kmmtop"])
        #expect(checked > 100, "only \(checked) names and texts in the binary's own description")
        #expect(missing.isEmpty, "man/kmmtop.1 lags behind the binary (run man/generate.sh): \(missing.prefix(8))")
        #expect(roff.contains(".Dt KMMTOP 1"))
    }
}
