/// A reason a command cannot go on (`watch`, `serve`, `snapshot`): one line for stderr and the exit
/// status of its family. ``Kmmtop/main()`` prints it as `kmmtop: <message>`; it never carries a secret.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    var status: ExitStatus

    init(_ description: String, status: ExitStatus = .usage) {
        self.description = description
        self.status = status
    }
}
