"""china-innovation-hotspots: documents about China's innovation hotspots in, a versioned dataset out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("china-innovation-hotspots")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0+unknown"
