package cli

import "os"

// IsTerminal reports whether f is a character device (a terminal), the
// condition for coloured output.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
