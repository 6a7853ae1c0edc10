/// kmmtop's version: what `kmmtop --version` prints and what the client sends in its `User-Agent`
/// (`kmmtop/<version>`), so an account's logs can tell which build polled them.
public enum ProductVersion {
    public static let current = "0.7.0"
    public static let userAgent = "kmmtop/\(current)"
}
