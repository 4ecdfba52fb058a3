#!/bin/sh
exec python3 "$(dirname "$0")/../bad_input.py"
