#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

private let approvals = Table(
    columns: ListingColumns.approvals,
    rows: [
        ["4f2c", "alice / Pending 1 approval", "github / API key", "ci-bot", "INC-1", "Mar 20, 2021 9:56 AM · 2 hours"],
        ["9a1b", "東京チーム / Pending 2 approvals", "aws / API key", "deploy", "", "Mar 21, 2021 8:00 AM · 90 minutes"],
    ]
)

@Test func tableAlignsWideCharacters() {
    let table = Table(
        columns: [TableColumn(name: "name", title: "Name"), TableColumn(name: "status", title: "Status")],
        rows: [["東京タワー", "ok"], ["abc", "done"], ["🔑 key", "new"], ["cafe\u{301}", "x"]]
    )
    #expect(table.rendered() == """
        Name        Status
        東京タワー  ok
        abc         done
        🔑 key      new
        café        x

        """)
}

@Test func tableRightAlignment() {
    let table = Table(
        columns: [TableColumn(name: "key", title: "Key"), TableColumn(name: "count", title: "Count", alignment: .right)],
        rows: [["a", "5"], ["b", "120"]]
    )
    #expect(table.rendered() == """
        Key  Count
        a        5
        b      120

        """)
}

@Test func tableTrimsTrailingSpacesAndEmptyCells() {
    let table = Table(
        columns: [TableColumn(name: "a", title: "A"), TableColumn(name: "b", title: "B")],
        rows: [["long value", ""]]
    )
    #expect(table.rendered() == "A           B\nlong value\n")
}

@Test func tableCleansControlCharacters() {
    let table = Table(columns: [TableColumn(name: "reason", title: "Reason")], rows: [["broken\nline\u{1B}[2J"]])
    #expect(table.rendered() == "Reason\nbroken\\nline\\u{1b}[2J\n")
}

@Test func tableTitleStyle() {
    let table = Table(columns: [TableColumn(name: "a", title: "A")], rows: [["x"]])
    #expect(table.rendered(titleStyle: .bold) == "\u{1B}[1mA\u{1B}[0m\nx\n")
}

@Test func tableSelectsColumnsByNameOrTitle() throws {
    let selected = try approvals.selectingColumns("Account, ACTION,ticket number", command: ["approvals"])
    #expect(selected.columns.map(\.name) == ["account", "action", "ticket"])
    #expect(selected.rows == [["ci-bot", "4f2c", "INC-1"], ["deploy", "9a1b", ""]])
}

@Test func tableSelectsColumnOnce() throws {
    let selected = try approvals.selectingColumns("action,Action", command: ["approvals"])
    #expect(selected.columns.map(\.name) == ["action"])
}

@Test func tableWithoutColumnListIsUnchanged() throws {
    #expect(try approvals.selectingColumns(nil, command: ["approvals"]) == approvals)
}

@Test func tableUnknownColumnMessage() {
    #expect(throws: UsageError.self) {
        try approvals.selectingColumns("account,owner", command: ["approvals"])
    }
    do {
        _ = try approvals.selectingColumns("account,owner", command: ["approvals"])
    } catch {
        #expect(ErrorRenderer.render(error) == """
            safehold: error: invalid value "owner" for --columns: unknown column
            usage: safehold approvals [--search TEXT] [--columns LIST]
            hint: expected column names from: action, requester, asset, account, ticket, requested-for

            """)
    }
}

@Test func tableEmptyColumnItem() {
    #expect(throws: UsageError.invalidValue(
        command: ["reviews"], name: "--columns", value: "", problem: "the list has an empty item",
        expected: "column names from: action, requester, access-type, account, ticket, requested-for"
    )) {
        try Table(columns: ListingColumns.reviews, rows: []).selectingColumns("action,", command: ["reviews"])
    }
}

@Test func tableColumnsFromParsedCommand() throws {
    let command = try #require(parsedCommand(["approvals", "--columns", "requester,requested-for"]))
    let selected = try approvals.selectingColumns(command.string("columns"), command: command.path)
    #expect(selected.rendered() == """
        Requester / Status                Requested For
        alice / Pending 1 approval        Mar 20, 2021 9:56 AM · 2 hours
        東京チーム / Pending 2 approvals  Mar 21, 2021 8:00 AM · 90 minutes

        """)
}

@Test func tableFiltersBySearch() {
    #expect(approvals.filtered(matching: "GITHUB").rows.map { $0[0] } == ["4f2c"])
    #expect(approvals.filtered(matching: "チーム").rows.map { $0[0] } == ["9a1b"])
    #expect(approvals.filtered(matching: "api key").rows.count == 2)
    #expect(approvals.filtered(matching: "nothing like this").rows.isEmpty)
    #expect(approvals.filtered(matching: nil) == approvals)
}

@Test func tableSearchCountsHiddenColumns() throws {
    let filtered = approvals.filtered(matching: "inc-1")
    let selected = try filtered.selectingColumns("action", command: ["approvals"])
    #expect(selected.rows == [["4f2c"]])
}
