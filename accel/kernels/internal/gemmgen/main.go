package main

import (
	. "github.com/mmcloughlin/avo/build"
)

func main() {
	TEXT("foo", NOSPLIT, "func()")
	RET()
	Generate()
}
