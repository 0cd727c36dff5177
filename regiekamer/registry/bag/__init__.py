"""BAG import: the BAG 2.0 XML extract and the flat "adres plus" CSV into Building and Address.

Entry point: regiekamer.registry.bag.importer.import_bag.
"""
