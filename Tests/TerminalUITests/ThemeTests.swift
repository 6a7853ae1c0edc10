import Dashboard
import Testing
@testable import TerminalUI

@Suite struct ThemeTests {
    @Test func monoNeverUsesColourPairs() {
        let theme = Theme.resolve(.mono, colors: 256, noColor: false)
        #expect(theme.variant == .mono)
        #expect(theme.pairs.isEmpty)
        for role in Role.allCases {
            for bold in [false, true] {
                for reverse in [false, true] {
                    #expect(theme.attributes(for: Style(role, bold: bold, reverse: reverse)).pair == 0)
                }
            }
        }
    }

    @Test(arguments: ThemeName.allCases) func noColorForcesMono(name: ThemeName) {
        let theme = Theme.resolve(name, colors: 256, noColor: true)
        #expect(theme.variant == .mono)
        #expect(theme.pairs.isEmpty)
    }

    @Test func noColorEnvironmentMeansPresentAndNotEmpty() {
        #expect(Theme.noColorRequested(in: ["NO_COLOR": "1"]))
        #expect(Theme.noColorRequested(in: ["NO_COLOR": "yes please"]))
        #expect(!Theme.noColorRequested(in: ["NO_COLOR": ""]))
        #expect(!Theme.noColorRequested(in: [:]))
    }

    @Test func fallsBackByColourCount() {
        #expect(Theme.resolve(.dark, colors: 256, noColor: false).variant == .colors256)
        #expect(Theme.resolve(.dark, colors: 16_777_216, noColor: false).variant == .colors256)
        #expect(Theme.resolve(.dark, colors: 88, noColor: false).variant == .colors8)
        #expect(Theme.resolve(.light, colors: 8, noColor: false).variant == .colors8)
        #expect(Theme.resolve(.dark, colors: 2, noColor: false).variant == .mono)
        #expect(Theme.resolve(.dark, colors: 0, noColor: false).variant == .mono)
        #expect(Theme.resolve(.dark, colors: -1, noColor: false).variant == .mono)
    }

    @Test func eightColourThemesUseOnlyTheEightColours() {
        for name in [ThemeName.dark, .light] {
            let theme = Theme.resolve(name, colors: 8, noColor: false)
            #expect(!theme.pairs.isEmpty)
            #expect(theme.pairs.allSatisfy { (0...7).contains($0.foreground) })
        }
    }

    @Test func dark256Colours() {
        let theme = Theme.resolve(.dark, colors: 256, noColor: false)
        #expect(theme.look(for: .warn).foreground == 214)
        #expect(theme.look(for: .crit).foreground == 196)
        #expect(theme.look(for: .dim).foreground == 244)
        #expect(theme.look(for: .down).foreground == 196)
        #expect(theme.look(for: .up).foreground == 46)
        #expect(theme.look(for: .focusBorder) == Theme.Look(51, bold: true))
        #expect(theme.attributes(for: Style(.selected)).reverse)
        #expect(theme.attributes(for: Style(.normal)) == Theme.Attributes())
    }

    @Test(arguments: [256, 8]) func colourPairsAreDistinctAndSmall(colors: Int) {
        for name in [ThemeName.dark, .light] {
            let pairs = Theme.resolve(name, colors: colors, noColor: false).pairs
            #expect(Set(pairs.map(\.number)).count == pairs.count)
            // 8-colour terminals often offer only 64 pairs; pair 0 is reserved.
            #expect(pairs.allSatisfy { $0.number > 0 && $0.number < 64 })
            #expect(pairs.allSatisfy { (0...255).contains($0.foreground) })
        }
    }

    @Test func everyColouredRoleGetsItsPair() {
        let theme = Theme.resolve(.dark, colors: 256, noColor: false)
        let numbers = Set(theme.pairs.map(\.number))
        for role in Role.allCases {
            let pair = theme.attributes(for: Style(role)).pair
            #expect((pair == 0) == (theme.look(for: role).foreground == nil))
            if pair != 0 { #expect(numbers.contains(pair)) }
        }
    }

    @Test func monoMapping() {
        let theme = Theme.resolve(.mono, colors: 0, noColor: false)
        #expect(theme.attributes(for: Style(.warn)) == Theme.Attributes(bold: true))
        #expect(theme.attributes(for: Style(.dim)) == Theme.Attributes(dim: true))
        #expect(theme.attributes(for: Style(.selected)) == Theme.Attributes(reverse: true))
        #expect(theme.attributes(for: Style(.demo)) == Theme.Attributes(reverse: true))
        #expect(theme.attributes(for: Style(.up)) == Theme.Attributes())
        #expect(theme.attributes(for: Style(.down)) == Theme.Attributes())
        let crit = theme.attributes(for: Style(.crit))
        #expect(crit.bold && crit.reverse)
    }

    /// The layout's threshold styles (values bold, labels bold+reverse) must stay distinct without colour.
    @Test(arguments: ThemeName.allCases) func critAndWarnDifferWithoutColour(name: ThemeName) {
        let theme = Theme.resolve(name, colors: 0, noColor: false)
        func plain(_ style: Style) -> Theme.Attributes {
            var attributes = theme.attributes(for: style)
            attributes.pair = 0
            return attributes
        }
        for bold in [false, true] {
            for reverse in [false, true] {
                let warn = plain(Style(.warn, bold: bold, reverse: reverse))
                let crit = plain(Style(.crit, bold: bold, reverse: reverse))
                let normal = plain(Style(.normal, bold: bold, reverse: reverse))
                #expect(warn != crit)
                #expect(crit != normal)
            }
        }
        // A warn value (bold) is not a normal value.
        #expect(plain(Style(.warn)) != plain(Style(.normal)))
        // A crit value never looks like a reversed WARN label.
        #expect(plain(Style(.crit, bold: true)) != plain(Style(.warn, bold: true, reverse: true)))
    }

    @Test func styleBoldAndReverseAddToTheRole() {
        let theme = Theme.resolve(.dark, colors: 256, noColor: false)
        let attributes = theme.attributes(for: Style(.dim, bold: true, reverse: true))
        #expect(attributes.bold && attributes.reverse)
        #expect(attributes.pair == theme.attributes(for: Style(.dim)).pair)
    }

    @Test func themeNamesMatchTheConfigWords() {
        #expect(ThemeName(rawValue: "dark") == .dark)
        #expect(ThemeName(rawValue: "light") == .light)
        #expect(ThemeName(rawValue: "mono") == .mono)
        #expect(ThemeName(rawValue: "solarized") == nil)
    }
}
