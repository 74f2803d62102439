"""The foundation: settings (config, and the ranking's constants in ranking), records
(types), errors, input checks, and reading index files safely (store). Imports
nothing else of qa.
"""
