#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

struct VaultLocationTests {
    @Test func defaultsToLocalShareUnderHome() throws {
        let location = try VaultLocation.resolve(environment: ["HOME": "/home/ana"])

        #expect(location.directory == "/home/ana/.local/share/safehold")
        #expect(location.socketPath == "/home/ana/.local/share/safehold/safehold.sock")
    }

    @Test func xdgDataHomeUsedWhenAbsolute() throws {
        let absolute = try VaultLocation.resolve(environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "/data/"])
        let relative = try VaultLocation.resolve(environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "data"])

        #expect(absolute.directory == "/data/safehold")
        #expect(relative.directory == "/home/ana/.local/share/safehold")
    }

    @Test func vaultOptionWinsOverVariable() throws {
        let environment = ["HOME": "/home/ana", "SAFEHOLD_VAULT": "/srv/vault", "XDG_DATA_HOME": "/data"]

        let fromOption = try VaultLocation.resolve(vault: "/opt/v/", environment: environment)
        let fromVariable = try VaultLocation.resolve(environment: environment)

        #expect(fromOption.directory == "/opt/v")
        #expect(fromOption.socketPath == "/opt/v/safehold.sock")
        #expect(fromVariable.directory == "/srv/vault")
    }

    @Test func socketOptionAndVariable() throws {
        let environment = ["HOME": "/home/ana", "SAFEHOLD_SOCKET": "/run/safehold.sock"]

        let fromVariable = try VaultLocation.resolve(environment: environment)
        let fromOption = try VaultLocation.resolve(socket: "/tmp/s.sock", environment: environment)

        #expect(fromVariable.socketPath == "/run/safehold.sock")
        #expect(fromVariable.directory == "/home/ana/.local/share/safehold")
        #expect(fromOption.socketPath == "/tmp/s.sock")
    }

    @Test func emptyValuesCountAsUnset() throws {
        let location = try VaultLocation.resolve(
            vault: "", socket: "", environment: ["HOME": "/h", "SAFEHOLD_VAULT": "", "SAFEHOLD_SOCKET": ""]
        )

        #expect(location == VaultLocation(directory: "/h/.local/share/safehold", socketPath: "/h/.local/share/safehold/safehold.sock"))
    }

    @Test func explicitHomeOverridesEnvironment() throws {
        let location = try VaultLocation.resolve(environment: ["HOME": "/wrong"], home: "/right")

        #expect(location.directory == "/right/.local/share/safehold")
    }

    @Test func noHomeIsAnError() {
        let error = #expect(throws: VaultLocationError.self) {
            _ = try VaultLocation.resolve(environment: [:])
        }

        #expect(error == .homeUnknown)
        #expect(error?.description.contains("--vault") == true)
    }
}
