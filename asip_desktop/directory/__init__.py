"""Qt-free directories: communes, CDAS, partner offices (issue 4)."""
