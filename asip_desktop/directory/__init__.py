"""Qt-free directories: communes, CDAS du domicile, health-insurance social service, partners.

- :mod:`communes`: the 332 communes of 2026 and the 32 former ones; look-ups.
- :mod:`model`: an entry (office) with its source and date.
- :mod:`local_format`: the local directory files (CSV/JSON), validated whole.
- :mod:`annuaire`: streamed import of the Annuaire de l'administration export.
- :mod:`catalog`: :class:`~asip_desktop.directory.catalog.Directory`, what the CLI and GUI use.
- :mod:`orientation_contacts`: the entries to show for each orientation service.
- :mod:`territories`, :mod:`template`: the CDAS territories (annex 4) being set up, and the
  spreadsheet template written and read back.
- :mod:`annuaire_social`: streamed import of the Département's annuaire social.
- :mod:`formats`: how those two formats join the import detection.
- :mod:`partners`: partners for the need, by commune and EPCI.
"""
