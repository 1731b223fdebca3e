"""Read queries for the pages: plain functions of (connection, Scope, parameters) -> DataFrame/dict.

Each query that touches a kabupaten's rows calls ``scope.require(kode_kab)`` first; the SQL is a named
constant next to the function; values are bound parameters.
"""
