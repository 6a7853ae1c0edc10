import Foundation
import KeyMetrics
import Testing

/// `kmmtop --version`: the version alone on stdout, status 0, for every face's parent command.
@Suite struct VersionTests {
    @Test func versionPrintsTheVersion() async throws {
        let outcome = try await Kmmtop.runOffPool(["--version"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == ProductVersion.current + "\n")
        #expect(outcome.stderr.isEmpty)
        #expect(ProductVersion.current.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
    }
}
