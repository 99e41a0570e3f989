#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func terminalColourOnlyOnTerminal() {
    let terminal = Terminal(isStandardOutputTerminal: false, isStandardErrorTerminal: true, environment: [:])
    #expect(!terminal.allowsColourOnStandardOutput)
    #expect(terminal.allowsColourOnStandardError)
}

@Test func terminalNoColourVariable() {
    let disabled = Terminal(isStandardOutputTerminal: true, isStandardErrorTerminal: true, environment: ["NO_COLOR": "1"])
    #expect(!disabled.allowsColourOnStandardOutput)
    #expect(!disabled.allowsColourOnStandardError)
    // An empty NO_COLOR does not disable colour.
    let empty = Terminal(isStandardOutputTerminal: true, isStandardErrorTerminal: true, environment: ["NO_COLOR": ""])
    #expect(empty.allowsColourOnStandardOutput)
}

@Test func terminalDumbHasNoColour() {
    let terminal = Terminal(isStandardOutputTerminal: true, isStandardErrorTerminal: true, environment: ["TERM": "dumb"])
    #expect(!terminal.allowsColourOnStandardError)
}

@Test func terminalCurrentUnderTestsIsNotColouredOnPipes() {
    // Whether standard output is a terminal depends on how the tests run, so only the rule
    // that links colour to the terminal and the environment is checked.
    let terminal = Terminal.current()
    if terminal.isColourDisabledByEnvironment {
        #expect(!terminal.allowsColourOnStandardOutput)
    } else {
        #expect(terminal.allowsColourOnStandardOutput == terminal.isStandardOutputTerminal)
    }
}

@Test func terminalSanitized() {
    #expect(Terminal.sanitized("plain \"text\"") == "plain \"text\"")
    #expect(Terminal.sanitized("line\nbreak\u{1B}[31m") == "line\\nbreak\\u{1b}[31m")
}

@Test func terminalStyleCodes() {
    #expect(TerminalStyle.red.apply(to: "x") == "\u{1B}[31mx\u{1B}[0m")
    #expect(TerminalStyle.bold.apply(to: "x") == "\u{1B}[1mx\u{1B}[0m")
}
