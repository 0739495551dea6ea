package trace

import (
	"fmt"
	"runtime"
	"strings"
)

// Error is the one error type of leibniz. Misuse inside a function that a
// transform traces panics with an *Error (transformed functions keep the
// signature of the function they transform, so they cannot return one); entry
// points that are not composable, such as [Stage], return it as an error, and
// [Try] turns the panic into an error at the caller's boundary.
type Error struct {
	// Op is the function or primitive that rejected its input, e.g. "matmul".
	Op string
	// Params are the op's printed parameters, or "".
	Params string
	// Operands are the shapes and dtypes of the inputs, where there are any.
	Operands []Aval
	// Msg says what was wrong and what was expected instead.
	Msg string
	// Pos is the file:line of the first caller outside leibniz, or "".
	Pos string
}

// Error formats the error as "leibniz: op(f32[2,3], f32[4]): message (at file.go:12)".
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("leibniz: ")
	sb.WriteString(e.Op)
	if e.Params != "" {
		sb.WriteString(e.Params)
	}
	if len(e.Operands) > 0 {
		sb.WriteByte('(')
		for i, a := range e.Operands {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(a.String())
		}
		sb.WriteByte(')')
	}
	sb.WriteString(": ")
	sb.WriteString(e.Msg)
	if e.Pos != "" {
		sb.WriteString(" (at ")
		sb.WriteString(e.Pos)
		sb.WriteByte(')')
	}
	return sb.String()
}

// Errorf builds an *Error for op with the given operands and message and records
// the position of the first caller outside leibniz. Transform packages use it to
// report misuse in the same form as trace does.
func Errorf(op string, operands []Aval, format string, args ...any) *Error {
	return &Error{Op: op, Operands: operands, Msg: fmt.Sprintf(format, args...), Pos: CallerPos()}
}

// Raise panics with an *Error built as by [Errorf].
func Raise(op string, operands []Aval, format string, args ...any) {
	panic(Errorf(op, operands, format, args...))
}

// Try calls f and returns the *Error it panicked with, or nil. Panics that are
// not leibniz errors propagate unchanged.
func Try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	f()
	return nil
}

const modulePrefix = "github.com/leibniz-go/leibniz/"

// CallerPos returns "file.go:line" of the first stack frame that is not inside a
// leibniz library package (tests and examples count as callers), nor the Go
// runtime or reflect package.
func CallerPos() string {
	var pcs [48]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if isUserFrame(f) {
			return shortFile(f.File) + ":" + fmt.Sprint(f.Line)
		}
		if !more {
			return ""
		}
	}
}

func isUserFrame(f runtime.Frame) bool {
	fn := f.Function
	switch {
	case strings.HasPrefix(fn, "runtime."), strings.HasPrefix(fn, "reflect."), strings.HasPrefix(fn, "testing."):
		return false
	case strings.HasPrefix(fn, modulePrefix):
		// Library code, unless it is a test or an example program.
		return strings.HasSuffix(f.File, "_test.go") || strings.Contains(fn, "/examples/")
	}
	return true
}

// shortFile keeps the last two path elements, as the testing package does.
func shortFile(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return path
	}
	if j := strings.LastIndexByte(path[:i], '/'); j >= 0 {
		return path[j+1:]
	}
	return path
}
