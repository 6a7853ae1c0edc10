import ArgumentParser
import MetricsServer
print("placeholder")
