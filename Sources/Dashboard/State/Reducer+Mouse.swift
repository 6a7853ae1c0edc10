extension DashboardState {
    /// A click of the first button, as htop takes one: on a panel's column title it sorts the panel by
    /// that column (a second click reverses it), on a row it focuses the panel and selects the row,
    /// anywhere else in a panel it focuses it. Geometry comes from the same placement the panels are
    /// drawn with (``PanelView/Placement``), so a click lands on what is on screen. Overlays and a
    /// screen too small to draw take no clicks.
    mutating func click(column x: Int, row y: Int) -> [Effect] {
        guard overlay == .none, size.columns >= Layout.minimum.columns, size.rows >= Layout.minimum.rows else { return [] }
        refreshRows()
        guard let (panel, rect) = placedPanels.first(where: { $0.rect.contains(column: x, row: y) })
        else { return [] }
        focus = panel
        let placed = PanelView.Placement(self, panel, in: rect)
        if y == rect.inner.y, let column = placed.column(at: x) {
            var sort = sort(of: panel)
            if sort.column == column {
                sort.descending.toggle()
            } else {
                // Names read best A→Z; numbers worst-first (as ← → choose).
                sort = PanelSort(column: column, descending: column != .name)
            }
            sorts[panel] = sort
        } else if let group = placed.group(at: y) {
            selectedKey = group.key
        }
        keepSelectionVisible()
        return []
    }
}
