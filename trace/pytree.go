package trace

// Pytrees (a section for the package doc)
//
// The arguments and results of transformed functions are pytrees: any nesting
// of *Array leaves inside slices, Go arrays, structs, maps, pointers and
// interfaces. [Flatten] splits a pytree into its leaves, in a canonical order,
// and a [TreeDef] that holds everything else; [TreeDef.Unflatten] and
// [Unflatten] put new leaves back into the same structure, so a transform can
// work on a flat list of arrays and still give results of the user's types.
//
//   - A non-nil *Array is a leaf. A nil *Array, nil slice, nil map, nil pointer
//     or nil interface is an empty node (JAX's None): it has no leaves and
//     unflattens to the same nil.
//   - Slices and Go arrays hold their elements in index order.
//   - Structs hold their exported fields in declaration order. A field tagged
//     leibniz:"static" is not a leaf: its value is stored in the TreeDef,
//     compared with reflect.DeepEqual by [TreeDef.Equal] and restored by
//     Unflatten. Static fields carry flags, sizes and other settings through
//     transforms; their values are kept as they are, not deep-copied, so they
//     should not be modified afterwards. Structs may not have unexported fields
//     (Unflatten could not set them).
//   - Maps need string or integer keys; they hold their values in sorted key order.
//   - Pointers hold their pointee; Unflatten allocates a new one.
//   - Interfaces hold their dynamic value, whose type the TreeDef records.
//
// Every other type (numbers, strings, funcs, channels, ...) is rejected with an
// *Error naming where it was found. Cyclic values (pointer cycles) are not
// pytrees; Flatten reports values nested more than 10000 levels deep.

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// TreeDef describes the structure of a pytree: everything but its leaves. It is
// immutable and safe for concurrent use.
type TreeDef struct {
	root ptNode
}

type ptKind uint8

const (
	ptLeaf   ptKind = iota // a non-nil *Array
	ptNone                 // nil *Array, slice, map, pointer or interface
	ptSlice                // non-nil slice
	ptArray                // Go array
	ptStruct               // struct
	ptMap                  // non-nil map
	ptPtr                  // non-nil pointer
)

// ptNode is one node of a TreeDef. Interfaces have no node of their own: the
// node of an interface's dynamic value records the dynamic type, and
// Unflatten assigns it to the interface-typed slot.
type ptNode struct {
	kind ptKind
	n    int          // leaves under this node
	typ  reflect.Type // nil only for the root of Flatten(nil)
	kids []ptNode     // elements; non-static fields; map values; a pointee
	aux  *ptAux       // structs and maps
}

// ptAux holds what only struct and map nodes need, out of line to keep ptNode
// small (Flatten allocates one per child).
type ptAux struct {
	info    *ptStructInfo   // structs: the analysis of the type
	statics []any           // structs: the static fields' values, in order
	keys    []reflect.Value // maps: the keys, sorted
}

// ptMaxDepth bounds the nesting Flatten follows, so that a cyclic value gives
// an *Error rather than a fatal stack overflow.
const ptMaxDepth = 10000

var (
	ptArrayPtrType = reflect.TypeFor[*Array]()
	ptArrayType    = reflect.TypeFor[Array]()
)

// ptStructCache maps a struct reflect.Type to its *ptStructInfo.
var ptStructCache sync.Map

type ptField struct {
	index  int
	name   string
	static bool
	leaf   bool // of type *Array
}

type ptStructInfo struct {
	fields  []ptField // exported, non-blank fields in declaration order
	dynamic int       // how many of them are not static
	problem *ptErr    // why values of the type are not pytrees, or nil
	aux     *ptAux    // shared by the nodes of the type when it has no static fields
}

// ptErr is a Flatten failure on its way up to the root; each enclosing node
// adds its path segment.
type ptErr struct {
	path      []string // segments, innermost first
	pre, post string   // the message is pre + path + post
	hint      bool     // append the leibniz:"static" hint when inside a struct field
	inField   bool     // the path goes through a struct field
}

const ptStaticHint = `, or tag the field leibniz:"static"`

// Flatten returns the leaves of the pytree v in canonical order and its
// structure (see the package doc on pytrees). It panics with an *Error (Op
// "Flatten") naming the path and type of the first part of v that is not a
// pytree. Flatten of a single non-nil *Array gives one leaf.
func Flatten(v any) ([]*Array, *TreeDef) {
	if a, ok := v.(*Array); ok {
		if a == nil {
			return nil, &TreeDef{root: ptNode{kind: ptNone, typ: ptArrayPtrType}}
		}
		return []*Array{a}, &TreeDef{root: ptNode{kind: ptLeaf, typ: ptArrayPtrType, n: 1}}
	}
	if v == nil {
		return nil, &TreeDef{root: ptNode{kind: ptNone}}
	}
	rv := reflect.ValueOf(v)
	var f ptFlattener
	root, err := f.entry(rv, 0)
	if err != nil {
		Raise("Flatten", nil, "%s", err.message(rv.Type()))
	}
	return f.leaves, &TreeDef{root: root}
}

type ptFlattener struct {
	leaves []*Array
}

// entry walks a value reached from an untyped context (the root or an
// interface), checking its static type first.
func (f *ptFlattener) entry(v reflect.Value, depth int) (ptNode, *ptErr) {
	if err := ptCheckType(v.Type()); err != nil {
		return ptNode{}, err
	}
	return f.walk(v, depth)
}

// leaf records v, a *Array, as a leaf (or an empty node if it is nil).
func (f *ptFlattener) leaf(v reflect.Value) ptNode {
	if v.IsNil() {
		return ptNode{kind: ptNone, typ: ptArrayPtrType}
	}
	if f.leaves == nil {
		f.leaves = make([]*Array, 0, 8)
	}
	f.leaves = append(f.leaves, v.Interface().(*Array))
	return ptNode{kind: ptLeaf, typ: ptArrayPtrType, n: 1}
}

func (f *ptFlattener) walk(v reflect.Value, depth int) (ptNode, *ptErr) {
	t := v.Type()
	if t == ptArrayPtrType {
		return f.leaf(v), nil
	}
	if depth > ptMaxDepth {
		return ptNode{}, &ptErr{pre: "the value at ", post: fmt.Sprintf(" is nested more than %d levels deep; "+
			"cyclic values (pointer cycles) are not pytrees", ptMaxDepth)}
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return ptNode{kind: ptNone, typ: t}, nil
		}
		kid, err := f.walk(v.Elem(), depth+1)
		if err != nil {
			return ptNode{}, err
		}
		return ptNode{kind: ptPtr, typ: t, n: kid.n, kids: []ptNode{kid}}, nil
	case reflect.Interface:
		if v.IsNil() {
			return ptNode{kind: ptNone, typ: t}, nil
		}
		return f.entry(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		kind := ptArray
		if t.Kind() == reflect.Slice {
			if v.IsNil() {
				return ptNode{kind: ptNone, typ: t}, nil
			}
			kind = ptSlice
		}
		nd := ptNode{kind: kind, typ: t, kids: make([]ptNode, v.Len())}
		for i := range nd.kids {
			kid, err := f.walk(v.Index(i), depth+1)
			if err != nil {
				err.path = append(err.path, "["+strconv.Itoa(i)+"]")
				return ptNode{}, err
			}
			nd.kids[i] = kid
			nd.n += kid.n
		}
		return nd, nil
	case reflect.Map:
		if !ptKeyKindOK(t.Key().Kind()) {
			return ptNode{}, ptBadType(t, t.Key(), true)
		}
		if v.IsNil() {
			return ptNode{kind: ptNone, typ: t}, nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, ptCompareKeys)
		nd := ptNode{kind: ptMap, typ: t, kids: make([]ptNode, len(keys)), aux: &ptAux{keys: keys}}
		for i, k := range keys {
			kid, err := f.walk(v.MapIndex(k), depth+1)
			if err != nil {
				err.path = append(err.path, ptKeySegment(k))
				return ptNode{}, err
			}
			nd.kids[i] = kid
			nd.n += kid.n
		}
		return nd, nil
	case reflect.Struct:
		if t == ptArrayType {
			return ptNode{}, ptBadType(t, t, false)
		}
		info := ptStructInfoOf(t)
		if info.problem != nil {
			err := *info.problem
			err.path = slices.Clone(info.problem.path)
			return ptNode{}, &err
		}
		nd := ptNode{kind: ptStruct, typ: t, aux: info.aux}
		if info.dynamic > 0 {
			nd.kids = make([]ptNode, 0, info.dynamic)
		}
		if nstatic := len(info.fields) - info.dynamic; nstatic > 0 {
			nd.aux = &ptAux{info: info, statics: make([]any, 0, nstatic)}
		}
		for _, fi := range info.fields {
			fv := v.Field(fi.index)
			if fi.static {
				nd.aux.statics = append(nd.aux.statics, fv.Interface())
				continue
			}
			if fi.leaf {
				kid := f.leaf(fv)
				nd.kids = append(nd.kids, kid)
				nd.n += kid.n
				continue
			}
			kid, err := f.walk(fv, depth+1)
			if err != nil {
				err.path = append(err.path, "."+fi.name)
				err.inField = true
				return ptNode{}, err
			}
			nd.kids = append(nd.kids, kid)
			nd.n += kid.n
		}
		return nd, nil
	}
	return ptNode{}, ptBadType(t, t, false)
}

// ptCheckType follows the element types of t through slices, Go arrays, maps
// and pointers and reports the first that cannot be part of a pytree, so that
// an empty []float64 is rejected as surely as a full one. Structs and
// interfaces are checked when their values are walked.
func ptCheckType(t reflect.Type) *ptErr {
	for outer := t; ; {
		if t == ptArrayPtrType {
			return nil
		}
		if t == ptArrayType {
			return ptBadType(outer, t, false)
		}
		switch t.Kind() {
		case reflect.Struct, reflect.Interface:
			return nil
		case reflect.Slice, reflect.Array, reflect.Pointer:
			t = t.Elem()
		case reflect.Map:
			if !ptKeyKindOK(t.Key().Kind()) {
				return ptBadType(outer, t.Key(), true)
			}
			t = t.Elem()
		default:
			return ptBadType(outer, t, false)
		}
	}
}

// ptBadType reports that outer, which contains inner, is not a pytree type.
func ptBadType(outer, inner reflect.Type, key bool) *ptErr {
	switch {
	case key:
		return &ptErr{pre: "unsupported map key type " + inner.String() + " in " + outer.String() + " at ",
			post: ": pytree map keys must be strings or integers, which have a canonical order", hint: true}
	case inner == ptArrayType:
		return &ptErr{pre: "unsupported pytree type " + outer.String() + " at ",
			post: ": leaves must be *trace.Array, not trace.Array; use a pointer"}
	case outer == inner:
		return &ptErr{pre: "unsupported pytree leaf of type " + inner.String() + " at ",
			post: ": leaves must be *trace.Array (use trace.Scalar for numbers)", hint: true}
	}
	return &ptErr{pre: "unsupported pytree type " + outer.String() + " at ",
		post: ": its values of type " + inner.String() + " are not pytree nodes; leaves must be *trace.Array (use trace.Scalar for numbers)",
		hint: true}
}

func ptKeyKindOK(k reflect.Kind) bool {
	switch k {
	case reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func ptCompareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, y := a.Int(), b.Int()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	x, y := a.Uint(), b.Uint()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// ptKeySegment is a map key as a path segment: ["a"] or [3].
func ptKeySegment(k reflect.Value) string {
	switch k.Kind() {
	case reflect.String:
		return "[" + strconv.Quote(k.String()) + "]"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "[" + strconv.FormatInt(k.Int(), 10) + "]"
	}
	return "[" + strconv.FormatUint(k.Uint(), 10) + "]"
}

// message renders the error for a value whose root has type root.
func (e *ptErr) message(root reflect.Type) string {
	for root.Kind() == reflect.Pointer && root.Name() == "" {
		root = root.Elem()
	}
	var sb strings.Builder
	sb.WriteString(e.pre)
	switch {
	case len(e.path) == 0:
		sb.WriteString("the root")
	default:
		segs := slices.Clone(e.path)
		slices.Reverse(segs)
		if len(segs) > 16 {
			segs = append(append(segs[:8:8], "…"), segs[len(segs)-8:]...)
		}
		path := strings.Join(segs, "")
		if name := root.Name(); name != "" {
			path = name + path
		} else {
			path = strings.TrimPrefix(path, ".")
		}
		sb.WriteString(path)
	}
	sb.WriteString(e.post)
	if e.hint && e.inField {
		sb.WriteString(ptStaticHint)
	}
	return sb.String()
}

// ptStructInfoOf returns the cached analysis of the struct type t.
func ptStructInfoOf(t reflect.Type) *ptStructInfo {
	if info, ok := ptStructCache.Load(t); ok {
		return info.(*ptStructInfo)
	}
	info := &ptStructInfo{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Name == "_" {
			continue
		}
		seg := []string{"." + sf.Name}
		if !sf.IsExported() {
			info.problem = &ptErr{path: seg, pre: "unexported field ",
				post: " of type " + sf.Type.String() + ": Unflatten cannot set unexported fields, " +
					"so pytree structs may only have exported fields; export it " +
					`(and tag it leibniz:"static" if it does not hold arrays)`}
			break
		}
		tag, tagged := sf.Tag.Lookup("leibniz")
		if tagged && tag != "static" {
			info.problem = &ptErr{path: seg, pre: "field ",
				post: " has the tag leibniz:" + strconv.Quote(tag) + `; the only leibniz tag is leibniz:"static"`}
			break
		}
		static := tagged
		if !static {
			if err := ptCheckType(sf.Type); err != nil {
				err.path = seg
				err.inField = true
				info.problem = err
				break
			}
			info.dynamic++
		}
		info.fields = append(info.fields, ptField{index: i, name: sf.Name, static: static, leaf: sf.Type == ptArrayPtrType})
	}
	if info.dynamic == len(info.fields) {
		info.aux = &ptAux{info: info}
	}
	actual, _ := ptStructCache.LoadOrStore(t, info)
	return actual.(*ptStructInfo)
}

// NumLeaves returns the number of leaves of the tree.
func (t *TreeDef) NumLeaves() int { return t.root.n }

// Type returns the Go type of the flattened value, or nil for Flatten(nil).
func (t *TreeDef) Type() reflect.Type { return t.root.typ }

// Unflatten builds a value of the flattened value's type with the given leaves
// in place of the original ones, in the order [Flatten] returned them. Static
// fields get their recorded values; pointers, slices and maps are newly
// allocated. It panics with an *Error (Op "Unflatten") if len(leaves) is not
// NumLeaves(). The result of a tree of Flatten(nil) is nil.
func (t *TreeDef) Unflatten(leaves []*Array) any {
	if len(leaves) != t.root.n {
		Raise("Unflatten", nil, "got %d leaves, but the tree %s has %d", len(leaves), t.String(), t.root.n)
	}
	if t.root.typ == nil {
		return nil
	}
	if t.root.kind == ptLeaf {
		return leaves[0]
	}
	pos := 0
	return ptBuild(&t.root, leaves, &pos).Interface()
}

// Unflatten is [TreeDef.Unflatten] with the result typed as T. It panics with an
// *Error (Op "Unflatten") if the tree's type is neither T nor, for an interface
// type T, a type that implements T.
func Unflatten[T any](t *TreeDef, leaves []*Array) T {
	want := reflect.TypeFor[T]()
	got := t.root.typ
	if got != want && (want.Kind() != reflect.Interface || (got != nil && !got.Implements(want))) {
		what := "nil"
		if got != nil {
			what = got.String()
		}
		Raise("Unflatten", nil, "the tree was flattened from a value of type %s, not %s", what, want)
	}
	v, _ := t.Unflatten(leaves).(T)
	return v
}

func ptBuild(nd *ptNode, leaves []*Array, pos *int) reflect.Value {
	switch nd.kind {
	case ptLeaf:
		a := leaves[*pos]
		*pos++
		return reflect.ValueOf(a)
	case ptNone:
		return reflect.Zero(nd.typ)
	case ptPtr:
		p := reflect.New(nd.typ.Elem())
		p.Elem().Set(ptBuild(&nd.kids[0], leaves, pos))
		return p
	case ptSlice, ptArray:
		var out reflect.Value
		if nd.kind == ptSlice {
			out = reflect.MakeSlice(nd.typ, len(nd.kids), len(nd.kids))
		} else {
			out = reflect.New(nd.typ).Elem()
		}
		for i := range nd.kids {
			out.Index(i).Set(ptBuild(&nd.kids[i], leaves, pos))
		}
		return out
	case ptMap:
		out := reflect.MakeMapWithSize(nd.typ, len(nd.kids))
		for i, k := range nd.aux.keys {
			out.SetMapIndex(k, ptBuild(&nd.kids[i], leaves, pos))
		}
		return out
	}
	out := reflect.New(nd.typ).Elem()
	kid, static := 0, 0
	for _, fi := range nd.aux.info.fields {
		if fi.static {
			if s := nd.aux.statics[static]; s != nil {
				out.Field(fi.index).Set(reflect.ValueOf(s))
			}
			static++
			continue
		}
		out.Field(fi.index).Set(ptBuild(&nd.kids[kid], leaves, pos))
		kid++
	}
	return out
}

// Equal reports whether t and u have the same structure: the same types
// throughout, slice lengths, map keys, nil-ness and static field values
// (compared with reflect.DeepEqual, so that static funcs are only equal when
// both are nil).
func (t *TreeDef) Equal(u *TreeDef) bool {
	if t == u {
		return true
	}
	if t == nil || u == nil {
		return false
	}
	return ptEqual(&t.root, &u.root)
}

func ptEqual(a, b *ptNode) bool {
	if a.kind != b.kind || a.typ != b.typ || a.n != b.n || len(a.kids) != len(b.kids) {
		return false
	}
	if a.kind == ptMap {
		for i, k := range a.aux.keys {
			if ptCompareKeys(k, b.aux.keys[i]) != 0 {
				return false
			}
		}
	}
	if a.kind == ptStruct {
		for i, s := range a.aux.statics {
			if !reflect.DeepEqual(s, b.aux.statics[i]) {
				return false
			}
		}
	}
	for i := range a.kids {
		if !ptEqual(&a.kids[i], &b.kids[i]) {
			return false
		}
	}
	return true
}

// String prints the structure compactly, with "*" for a leaf and "nil" for an
// empty node: "MLP{W:*, B:*, Act=\"tanh\"}" (static fields with "="), "[*, *]",
// "map[a:*, b:*]", "&Layer{W:*}" for a pointer.
func (t *TreeDef) String() string {
	var sb strings.Builder
	ptWrite(&sb, &t.root)
	return sb.String()
}

func ptWrite(sb *strings.Builder, nd *ptNode) {
	switch nd.kind {
	case ptLeaf:
		sb.WriteByte('*')
	case ptNone:
		sb.WriteString("nil")
	case ptPtr:
		sb.WriteByte('&')
		ptWrite(sb, &nd.kids[0])
	case ptSlice, ptArray:
		sb.WriteByte('[')
		for i := range nd.kids {
			if i > 0 {
				sb.WriteString(", ")
			}
			ptWrite(sb, &nd.kids[i])
		}
		sb.WriteByte(']')
	case ptMap:
		sb.WriteString("map[")
		for i, k := range nd.aux.keys {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprint(sb, k.Interface())
			sb.WriteByte(':')
			ptWrite(sb, &nd.kids[i])
		}
		sb.WriteByte(']')
	case ptStruct:
		sb.WriteString(nd.typ.Name())
		sb.WriteByte('{')
		kid, static := 0, 0
		for i, fi := range nd.aux.info.fields {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(fi.name)
			if fi.static {
				sb.WriteByte('=')
				if s, ok := nd.aux.statics[static].(string); ok {
					sb.WriteString(strconv.Quote(s))
				} else {
					fmt.Fprint(sb, nd.aux.statics[static])
				}
				static++
				continue
			}
			sb.WriteByte(':')
			ptWrite(sb, &nd.kids[kid])
			kid++
		}
		sb.WriteByte('}')
	}
}

// Paths returns one path per leaf, in leaf order, written as Go selectors from
// the root: "W1", "Layers[1].Bias", `["a"]`, and "" for a root that is itself a
// leaf. Pointers and interfaces do not appear in paths. Other packages use them
// to name arguments in error messages.
func (t *TreeDef) Paths() []string {
	paths := make([]string, 0, t.root.n)
	return ptPaths(paths, &t.root, "")
}

func ptPaths(paths []string, nd *ptNode, prefix string) []string {
	switch nd.kind {
	case ptLeaf:
		paths = append(paths, prefix)
	case ptPtr:
		paths = ptPaths(paths, &nd.kids[0], prefix)
	case ptSlice, ptArray:
		for i := range nd.kids {
			paths = ptPaths(paths, &nd.kids[i], prefix+"["+strconv.Itoa(i)+"]")
		}
	case ptMap:
		for i, k := range nd.aux.keys {
			paths = ptPaths(paths, &nd.kids[i], prefix+ptKeySegment(k))
		}
	case ptStruct:
		kid := 0
		for _, fi := range nd.aux.info.fields {
			if fi.static {
				continue
			}
			p := fi.name
			if prefix != "" {
				p = prefix + "." + fi.name
			}
			paths = ptPaths(paths, &nd.kids[kid], p)
			kid++
		}
	}
	return paths
}
