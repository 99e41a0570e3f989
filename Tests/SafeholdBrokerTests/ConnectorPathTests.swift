#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import Testing

@Suite struct ConnectorPathTests {
    @Test func trustedProgramIsAccepted() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.writeProgram("connector", "#!/bin/sh\nexit 0\n")
        #expect(try ConnectorRunner(path: path).validate() == path)
    }

    @Test func relativePathIsRejected() {
        #expect(throws: ConnectorError.untrustedProgram(.notAbsolute(.connector, path: "connectors/redis-acl"))) {
            try ConnectorRunner(path: "connectors/redis-acl").validate()
        }
    }

    @Test func missingFileIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let path = directory.file("absent")
        #expect(throws: ConnectorError.untrustedProgram(.notFound(.connector, path: path))) {
            try ConnectorRunner(path: path).validate()
        }
    }

    @Test func groupWritableFileIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.write("connector", "#!/bin/sh\n", mode: 0o775)
        do {
            try ConnectorRunner(path: path).validate()
            Issue.record("expected writableByOthers")
        } catch {
            #expect(error == .untrustedProgram(.writableByOthers(.connector, path: path, mode: 0o775)))
            #expect(error.description == "connector program \(path) is writable by group or others (mode 0775); run 'chmod go-w \(path)'")
        }
    }

    @Test func writableDirectoryIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.writeProgram("connector", "#!/bin/sh\n")
        chmod(directory.path, 0o777)
        #expect(throws: ConnectorError.untrustedProgram(
            .directoryWritableByOthers(.connector, directory: directory.path, program: path, mode: 0o777)
        )) {
            try ConnectorRunner(path: path).validate()
        }
    }

    @Test func nonExecutableFileIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.write("connector", "#!/bin/sh\n", mode: 0o644)
        #expect(throws: ConnectorError.untrustedProgram(.notExecutable(.connector, path: path))) {
            try ConnectorRunner(path: path).validate()
        }
    }

    @Test func directoryIsNotARegularFile() throws {
        let directory = try ConnectorTestDirectory()
        mkdir(directory.file("sub"), 0o755)
        #expect(throws: ConnectorError.untrustedProgram(.notRegularFile(.connector, path: directory.file("sub")))) {
            try ConnectorRunner(path: directory.file("sub")).validate()
        }
    }

    @Test(.enabled(if: geteuid() == 0, "changing a file's owner needs root"))
    func foreignOwnerIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.writeProgram("connector", "#!/bin/sh\n")
        chown(path, 54321, 54321)
        #expect(throws: ConnectorError.untrustedProgram(.untrustedOwner(.connector, path: path, ownerUID: 54321, serviceUID: 0))) {
            try ConnectorRunner(path: path).validate()
        }
    }

    @Test func symbolicLinkResolvesAndLinkDirectoryIsChecked() throws {
        let directory = try ConnectorTestDirectory()
        let target = try directory.writeProgram("connector", "#!/bin/sh\n")
        mkdir(directory.file("links"), 0o755)
        let link = directory.file("links/connector")
        symlink(target, link)
        #expect(try ConnectorRunner(path: link).validate() == target)

        chmod(directory.file("links"), 0o775)
        #expect(throws: ConnectorError.untrustedProgram(
            .directoryWritableByOthers(.connector, directory: directory.file("links"), program: link, mode: 0o775)
        )) {
            try ConnectorRunner(path: link).validate()
        }
    }

    @Test func untrustedProgramIsNotRun() throws {
        let directory = try ConnectorTestDirectory()
        let path = try directory.write("connector", "#!/bin/sh\ntouch \(directory.file("ran"))\n", mode: 0o777)
        #expect(throws: ConnectorError.self) {
            try ConnectorRunner(path: path).run(connectorRequest())
        }
        #expect(directory.read("ran") == nil)
    }
}
