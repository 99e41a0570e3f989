#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdCLI

/// Returns the parsed command of `arguments`, or nil when the line is not a command to run.
func parsedCommand(_ arguments: [String]) -> ParsedCommand? {
    guard case .success(.run(let command)) = CommandLineParser.parse(arguments) else {
        return nil
    }
    return command
}

/// Returns the usage error of `arguments`, or nil when the line parses.
func usageError(_ arguments: [String]) -> UsageError? {
    guard case .failure(let error) = CommandLineParser.parse(arguments) else {
        return nil
    }
    return error
}

/// Returns the text that `safehold` prints on standard error for `arguments`, or nil when the
/// line parses.
func renderedError(_ arguments: [String]) -> String? {
    usageError(arguments).map { ErrorRenderer.render($0) }
}

/// Returns the instant of `seconds` since 1970-01-01 00:00 UTC.
func instant(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: seconds)
}

/// Runs the program at `path` with `arguments` and returns its exit status and standard output.
func runProcess(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else {
        throw ProcessFailure(message: "pipe failed with errno \(errno)")
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var processID: pid_t = 0
    let spawnResult = posix_spawn(&processID, path, &actions, nil, argv, environ)
    close(pipeEnds[1])
    guard spawnResult == 0 else {
        close(pipeEnds[0])
        throw ProcessFailure(message: "posix_spawn of \(path) failed with error \(spawnResult)")
    }

    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(pipeEnds[0], &buffer, buffer.count)
        if count <= 0 {
            break
        }
        output += buffer[0..<count]
    }
    close(pipeEnds[0])

    var status: Int32 = 0
    waitpid(processID, &status, 0)
    return ((status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
}

struct ProcessFailure: Error {
    let message: String
}
