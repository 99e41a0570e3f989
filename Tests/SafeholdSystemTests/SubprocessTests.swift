#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem
import Testing

@Suite struct SubprocessTests {
    @Test func inputReachesProgramAndOutputIsCollected() throws {
        let process = Subprocess(executable: "/bin/cat")
        let input = Array("line one\nline two\n".utf8)
        let result = try input.withUnsafeBytes { try process.run(input: $0) }
        #expect(result.exitStatus == 0)
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "line one\nline two\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func largeInputAndOutputDoNotDeadlock() throws {
        let process = Subprocess(executable: "/bin/cat", outputLimit: 4 << 20)
        let input = [UInt8](repeating: 0x41, count: 2 << 20)
        let result = try input.withUnsafeBytes { try process.run(input: $0) }
        #expect(result.exitStatus == 0)
        #expect(result.standardOutput.count == input.count)
    }

    @Test func environmentIsExactlyTheGivenOne() throws {
        let process = Subprocess(executable: "/usr/bin/env", environment: ["ONLY": "this"])
        let result = try process.run()
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "ONLY=this\n")
    }

    @Test func exitStatusAndStandardErrorAreReported() throws {
        let process = Subprocess(executable: "/bin/sh", arguments: ["-c", "echo failing >&2; exit 3"])
        let result = try process.run()
        #expect(result.exitStatus == 3)
        #expect(!result.succeeded)
        #expect(String(decoding: result.standardError, as: UTF8.self) == "failing\n")
    }

    @Test func hangingProgramIsKilledAtTimeout() throws {
        let process = Subprocess(executable: "/bin/sh", arguments: ["-c", "sleep 30 & sleep 30"], timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let result = try process.run()
        #expect(result.timedOut)
        #expect(result.terminatingSignal == SIGKILL)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func relativePathIsRejected() {
        #expect(throws: SubprocessError.notAbsolute("cat")) {
            try Subprocess(executable: "cat").run()
        }
    }

    @Test func missingProgramNamesThePath() {
        do {
            _ = try Subprocess(executable: "/nonexistent/tool").run()
            Issue.record("expected a spawn failure")
        } catch {
            #expect(error.description.contains("/nonexistent/tool"))
        }
    }

    @Test func outputBeyondLimitIsDropped() throws {
        let process = Subprocess(executable: "/bin/sh", arguments: ["-c", "head -c 10000 /dev/zero"], outputLimit: 100)
        let result = try process.run()
        #expect(result.exitStatus == 0)
        #expect(result.standardOutput.count == 100)
    }

    @Test func wipeOutputEmptiesBothStreams() throws {
        var result = try Subprocess(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"]).run()
        result.wipeOutput()
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.isEmpty)
    }
}

@Suite struct FilePermissionsTests {
    @Test func groupReadableFileIsAccessibleByOthers() throws {
        let path = "/tmp/safehold-perm-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o640)
        #expect(fd >= 0)
        close(fd)
        defer { unlink(path) }
        chmod(path, 0o640)
        #expect(FilePermissions.isAccessibleByOthers(path))
        chmod(path, 0o600)
        #expect(!FilePermissions.isAccessibleByOthers(path))
        #expect(FilePermissions.status(of: path)?.isRegularFile == true)
        #expect(FilePermissions.octal(0o600) == "0600")
    }
}
