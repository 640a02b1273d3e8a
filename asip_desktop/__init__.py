"""ASIP Desktop: reception-desk tool for the CARSAT Bretagne / Ille-et-Vilaine convention."""

__version__ = "0.1.0"
APP_NAME = "ASIP Desktop"
