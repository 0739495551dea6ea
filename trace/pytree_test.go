package trace

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ptTestLeaf(v ...float64) *Array { return FromFloat64s(v) }

type ptLayer struct {
	Weight, Bias *Array
}

type ptNet struct {
	Embed  *Array
	Layers []*ptLayer
	Head   ptLayer
	Extra  any
	Act    string `leibniz:"static"`
	Sizes  []int  `leibniz:"static"`
	Hidden struct {
		Gain *Array
	}
}

type ptEmpty struct{}

type ptKey string

type ptStatic struct {
	W    *Array
	N    int          `leibniz:"static"`
	Fn   func() error `leibniz:"static"`
	Opt  any          `leibniz:"static"`
	Tags []string     `leibniz:"static"`
}

type ptCycle struct {
	W    *Array
	Next *ptCycle
}

// ptRequireError runs f and returns the *Error it panicked with.
func ptRequireError(t *testing.T, f func()) *Error {
	t.Helper()
	err := Try(f)
	require.Error(t, err)
	var e *Error
	require.True(t, errors.As(err, &e), "error %v is not an *Error", err)
	return e
}

func TestFlattenRoundTrip(t *testing.T) {
	a, b, c, d, e, f, g := ptTestLeaf(1), ptTestLeaf(2), ptTestLeaf(3), ptTestLeaf(4), ptTestLeaf(5), ptTestLeaf(6), ptTestLeaf(7)
	type MLP struct{ W1, B1, W2, B2 *Array }
	net := ptNet{
		Embed:  a,
		Layers: []*ptLayer{{Weight: b, Bias: c}, {Weight: d}},
		Head:   ptLayer{Weight: e, Bias: f},
		Act:    "tanh",
		Sizes:  []int{2, 3},
	}
	net.Hidden.Gain = g
	leafPtr := &a
	tests := []struct {
		name   string
		value  any
		leaves []*Array
		str    string
		paths  []string
	}{
		{"bare leaf", a, []*Array{a}, "*", []string{""}},
		{"slice", []*Array{a, b}, []*Array{a, b}, "[*, *]", []string{"[0]", "[1]"}},
		{"go array", [3]*Array{c, a, b}, []*Array{c, a, b}, "[*, *, *]", []string{"[0]", "[1]", "[2]"}},
		{"struct", MLP{a, b, c, d}, []*Array{a, b, c, d}, "MLP{W1:*, B1:*, W2:*, B2:*}", []string{"W1", "B1", "W2", "B2"}},
		{"pointer to struct", &MLP{a, b, c, d}, []*Array{a, b, c, d}, "&MLP{W1:*, B1:*, W2:*, B2:*}", []string{"W1", "B1", "W2", "B2"}},
		{
			"nested struct", net, []*Array{a, b, c, d, e, f, g},
			`ptNet{Embed:*, Layers:[&ptLayer{Weight:*, Bias:*}, &ptLayer{Weight:*, Bias:nil}], Head:ptLayer{Weight:*, Bias:*}, ` +
				`Extra:nil, Act="tanh", Sizes=[2 3], Hidden:{Gain:*}}`,
			[]string{"Embed", "Layers[0].Weight", "Layers[0].Bias", "Layers[1].Weight", "Head.Weight", "Head.Bias", "Hidden.Gain"},
		},
		{
			"string map out of order", map[string]*Array{"b": b, "c": c, "a": a}, []*Array{a, b, c},
			"map[a:*, b:*, c:*]", []string{`["a"]`, `["b"]`, `["c"]`},
		},
		{
			"named string keys", map[ptKey]any{"y": []*Array{b}, "x": a}, []*Array{a, b},
			"map[x:*, y:[*]]", []string{`["x"]`, `["y"][0]`},
		},
		{
			"int map", map[int]*Array{10: a, -1: b, 3: c}, []*Array{b, c, a},
			"map[-1:*, 3:*, 10:*]", []string{"[-1]", "[3]", "[10]"},
		},
		{"uint map", map[uint8]*Array{200: a, 7: b}, []*Array{b, a}, "map[7:*, 200:*]", []string{"[7]", "[200]"}},
		{
			"any mix", []any{a, []*Array{b}, nil, map[string]any{"x": c}, (*Array)(nil), &ptLayer{Weight: d}},
			[]*Array{a, b, c, d}, "[*, [*], nil, map[x:*], nil, &ptLayer{Weight:*, Bias:nil}]",
			[]string{"[0]", "[1][0]", `[3]["x"]`, "[5].Weight"},
		},
		{"nil array", (*Array)(nil), nil, "nil", []string{}},
		{"nil slice", []*Array(nil), nil, "nil", []string{}},
		{"empty slice", []*Array{}, nil, "[]", []string{}},
		{"nil map", map[string]*Array(nil), nil, "nil", []string{}},
		{"empty map", map[string]*Array{}, nil, "map[]", []string{}},
		{"nil pointer", (*ptLayer)(nil), nil, "nil", []string{}},
		{"pointer to leaf", leafPtr, []*Array{a}, "&*", []string{""}},
		{"nil in slice", []*Array{a, nil, b}, []*Array{a, b}, "[*, nil, *]", []string{"[0]", "[2]"}},
		{
			"static fields", ptStatic{W: a, N: 3, Opt: 1.5, Tags: []string{"x"}}, []*Array{a},
			`ptStatic{W:*, N=3, Fn=<nil>, Opt=1.5, Tags=[x]}`, []string{"W"},
		},
		{"empty struct", ptEmpty{}, nil, "ptEmpty{}", []string{}},
		{"anonymous struct", struct{ X *Array }{a}, []*Array{a}, "{X:*}", []string{"X"}},
		{"nil", nil, nil, "nil", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			leaves, def := Flatten(tc.value)
			require.Len(t, leaves, len(tc.leaves))
			for i := range leaves {
				assert.Same(t, tc.leaves[i], leaves[i], "leaf %d", i)
			}
			assert.Equal(t, len(tc.leaves), def.NumLeaves())
			assert.Equal(t, reflect.TypeOf(tc.value), def.Type())
			assert.Equal(t, tc.str, def.String())
			assert.Equal(t, tc.paths, def.Paths())

			got := def.Unflatten(leaves)
			assert.Equal(t, tc.value, got)
			again, def2 := Flatten(got)
			require.Len(t, again, len(leaves))
			for i := range again {
				assert.Same(t, leaves[i], again[i], "leaf %d after the round trip", i)
			}
			assert.True(t, def.Equal(def2))
		})
	}
}

func TestFlattenNilSliceStaysNil(t *testing.T) {
	type S struct {
		A []*Array
		B []*Array
		M map[string]*Array
		P *ptLayer
	}
	_, def := Flatten(S{B: []*Array{}})
	got := Unflatten[S](def, nil)
	assert.Nil(t, got.A)
	assert.NotNil(t, got.B)
	assert.Empty(t, got.B)
	assert.Nil(t, got.M)
	assert.Nil(t, got.P)
}

func TestUnflattenNewLeaves(t *testing.T) {
	a, b, c := ptTestLeaf(1), ptTestLeaf(2), ptTestLeaf(3)
	net := ptNet{Embed: a, Layers: []*ptLayer{{Weight: b}}, Extra: c, Act: "relu", Sizes: []int{4}}
	leaves, def := Flatten(&net)
	require.Len(t, leaves, 3)
	x, y, z := ptTestLeaf(10), ptTestLeaf(20), ptTestLeaf(30)
	got := Unflatten[*ptNet](def, []*Array{x, y, z})
	require.NotSame(t, &net, got)
	assert.Same(t, x, got.Embed)
	require.Len(t, got.Layers, 1)
	assert.NotSame(t, net.Layers[0], got.Layers[0])
	assert.Same(t, y, got.Layers[0].Weight)
	assert.Nil(t, got.Layers[0].Bias)
	assert.Same(t, z, got.Extra)
	assert.Equal(t, "relu", got.Act)
	assert.Equal(t, []int{4}, got.Sizes)
	// The original is untouched.
	assert.Same(t, a, net.Embed)
	assert.Same(t, b, net.Layers[0].Weight)

	// Typed unflatten into an interface type.
	asAny := Unflatten[any](def, []*Array{x, y, z})
	assert.IsType(t, &ptNet{}, asAny)
	_, nilDef := Flatten(nil)
	assert.Nil(t, Unflatten[any](nilDef, nil))
	_, leafDef := Flatten(a)
	assert.Same(t, x, Unflatten[*Array](leafDef, []*Array{x}))
}

func TestTreeDefEqual(t *testing.T) {
	a, b, c := ptTestLeaf(1), ptTestLeaf(2), ptTestLeaf(3)
	tests := []struct {
		name string
		x, y any
		want bool
	}{
		{"same structure, other leaves", []*Array{a, b}, []*Array{c, a}, true},
		{"other slice length", []*Array{a, b}, []*Array{a, b, c}, false},
		{"same map keys", map[string]*Array{"a": a, "b": b}, map[string]*Array{"b": c, "a": a}, true},
		{"other map keys", map[string]*Array{"a": a, "b": b}, map[string]*Array{"a": a, "c": b}, false},
		{"same static values", ptStatic{W: a, N: 1, Tags: []string{"x"}}, ptStatic{W: b, N: 1, Tags: []string{"x"}}, true},
		{"other static int", ptStatic{W: a, N: 1}, ptStatic{W: a, N: 2}, false},
		{"other static slice", ptStatic{W: a, Tags: []string{"x"}}, ptStatic{W: a, Tags: []string{"y"}}, false},
		{"slice vs go array", []*Array{a, b}, [2]*Array{a, b}, false},
		{"other struct types", ptLayer{a, b}, struct{ Weight, Bias *Array }{a, b}, false},
		{"value vs pointer", ptLayer{a, b}, &ptLayer{a, b}, false},
		{"nil slice vs empty", []*Array(nil), []*Array{}, false},
		{"nil array vs leaf", []*Array{nil}, []*Array{a}, false},
		{"nil pointer vs pointer", (*ptLayer)(nil), &ptLayer{}, false},
		{"other dynamic types", []any{a}, []any{[]*Array{a}}, false},
		{"nil interface vs nil array", []any{nil}, []any{(*Array)(nil)}, false},
		{"both nil", nil, nil, true},
		{"bare leaves", a, b, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, dx := Flatten(tc.x)
			_, dy := Flatten(tc.y)
			assert.Equal(t, tc.want, dx.Equal(dy))
			assert.Equal(t, tc.want, dy.Equal(dx))
			assert.True(t, dx.Equal(dx))
		})
	}
	var nilDef *TreeDef
	_, d := Flatten(a)
	assert.False(t, d.Equal(nilDef))
	assert.True(t, nilDef.Equal(nil))
}

func TestPytreeFlattenErrors(t *testing.T) {
	type MLP struct {
		W     *Array
		Scale float64
	}
	type Hidden struct {
		W     *Array
		scale float64
	}
	type Sizes struct {
		W     *Array
		Sizes []int
	}
	type ByValue struct{ W Array }
	type BadTag struct {
		N int `leibniz:"statc"`
	}
	type Outer struct{ Inner []MLP }
	a := ptTestLeaf(1)
	cyc := &ptCycle{W: a}
	cyc.Next = cyc
	tests := []struct {
		name  string
		value any
		msg   string   // the exact message, if not ""
		parts []string // substrings of the message
	}{
		{
			name: "float64 field", value: MLP{W: a, Scale: 2},
			msg: `unsupported pytree leaf of type float64 at MLP.Scale: leaves must be *trace.Array (use trace.Scalar for numbers), ` +
				`or tag the field leibniz:"static"`,
		},
		{name: "float64 field via pointer", value: &MLP{W: a}, parts: []string{"MLP.Scale", "float64"}},
		{name: "nested float64 field", value: Outer{Inner: []MLP{{W: a}}}, parts: []string{"Outer.Inner[0].Scale", "float64"}},
		{
			name: "unexported field", value: Hidden{W: a},
			parts: []string{"unexported field Hidden.scale of type float64", "export it"},
		},
		{name: "int slice field", value: Sizes{W: a}, parts: []string{"[]int at Sizes.Sizes", "int", `leibniz:"static"`}},
		{name: "array by value", value: ByValue{}, parts: []string{"ByValue.W", "not trace.Array"}},
		{name: "bad tag", value: BadTag{}, parts: []string{"BadTag.N", `leibniz:"statc"`}},
		{name: "float map keys", value: map[float64]*Array{1: a}, parts: []string{"map key type float64", "the root", "strings or integers"}},
		{name: "nested float map keys", value: []any{map[float64]*Array{}}, parts: []string{"map key type float64", "at [0]"}},
		{
			name: "chan in slice", value: []any{a, a, make(chan int)},
			msg: "unsupported pytree leaf of type chan int at [2]: leaves must be *trace.Array (use trace.Scalar for numbers)",
		},
		{name: "bare number", value: 1.5, parts: []string{"float64 at the root"}},
		{name: "string in map", value: map[string]any{"lr": "x"}, parts: []string{`string at ["lr"]`}},
		{name: "func field in any", value: struct{ F any }{func() {}}, parts: []string{"func() at F", `leibniz:"static"`}},
		{name: "cycle", value: cyc, parts: []string{"cyclic", "ptCycle.Next.Next"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ptRequireError(t, func() { Flatten(tc.value) })
			assert.Equal(t, "Flatten", e.Op)
			if tc.msg != "" {
				assert.Equal(t, tc.msg, e.Msg)
			}
			for _, p := range tc.parts {
				assert.Contains(t, e.Msg, p)
			}
			assert.Contains(t, e.Pos, "pytree_test.go")
		})
	}
}

func TestPytreeUnflattenErrors(t *testing.T) {
	a, b := ptTestLeaf(1), ptTestLeaf(2)
	_, def := Flatten([2]*Array{a, b})

	e := ptRequireError(t, func() { def.Unflatten([]*Array{a}) })
	assert.Equal(t, "Unflatten", e.Op)
	assert.Equal(t, "got 1 leaves, but the tree [*, *] has 2", e.Msg)

	e = ptRequireError(t, func() { Unflatten[[2]*Array](def, []*Array{a, b, a}) })
	assert.Equal(t, "Unflatten", e.Op)

	e = ptRequireError(t, func() { Unflatten[[]*Array](def, []*Array{a, b}) })
	assert.Equal(t, "Unflatten", e.Op)
	assert.Contains(t, e.Msg, "[2]*trace.Array")
	assert.Contains(t, e.Msg, "[]*trace.Array")

	_, nilDef := Flatten(nil)
	e = ptRequireError(t, func() { Unflatten[*Array](nilDef, nil) })
	assert.Equal(t, "Unflatten", e.Op)

	_, leafDef := Flatten(a)
	e = ptRequireError(t, func() { Unflatten[interface{ Close() error }](leafDef, []*Array{a}) })
	assert.Equal(t, "Unflatten", e.Op)

	assert.Equal(t, [2]*Array{b, a}, Unflatten[[2]*Array](def, []*Array{b, a}))
}

func TestFlattenConcurrent(t *testing.T) {
	type Fresh struct {
		A, B *Array
		K    int `leibniz:"static"`
	}
	a, b := ptTestLeaf(1), ptTestLeaf(2)
	_, want := Flatten(Fresh{A: a, B: b, K: 1})
	var wg sync.WaitGroup
	results := make([]bool, 8)
	for i := range results {
		wg.Go(func() {
			for range 100 {
				leaves, def := Flatten(Fresh{A: b, B: a, K: 1})
				results[i] = def.Equal(want) && leaves[0] == b && leaves[1] == a
			}
		})
	}
	wg.Wait()
	for i, ok := range results {
		assert.True(t, ok, "goroutine %d", i)
	}
}

func BenchmarkFlatten(b *testing.B) {
	type MLP struct{ W1, B1, W2, B2 *Array }
	m := MLP{ptTestLeaf(1), ptTestLeaf(2), ptTestLeaf(3), ptTestLeaf(4)}
	b.Run("struct4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Flatten(m)
		}
	})
	b.Run("leaf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Flatten(m.W1)
		}
	})
	leaves, def := Flatten(m)
	b.Run("unflatten_struct4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Unflatten[MLP](def, leaves)
		}
	})
}
