/// Which scalars of a cell may reach the terminal. Controls (C0, DEL, C1) would move the cursor or
/// start escape sequences, so they never pass, whatever the layout put in a cell.
enum CellText {
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value >= 0x20 && !(0x7F..<0xA0).contains(value)
    }
}
