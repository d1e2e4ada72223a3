"""teiedit: bilingual newspaper articles → a TEI P5 scholarly edition (HTML, PDF, deposit)."""

__version__ = "0.1.0"
