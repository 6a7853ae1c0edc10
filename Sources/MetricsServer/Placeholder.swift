import Hummingbird
public enum PlaceholderS {}
