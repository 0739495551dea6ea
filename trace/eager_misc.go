package trace

import (
	"slices"

	"github.com/leibniz-go/leibniz/accel/kernels"
)

// Eager rules of the primitives that do not fit the family helpers of eager.go.

func notEager(_ Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out).([]bool)
	kernels.Not(dst, args[0].data.([]bool))
	return dst
}

func andEager(_ Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out).([]bool)
	kernels.And(dst, args[0].data.([]bool), args[1].data.([]bool))
	return dst
}

func orEager(_ Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out).([]bool)
	kernels.Or(dst, args[0].data.([]bool), args[1].data.([]bool))
	return dst
}

func selectEager(_ Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).sel(dst, args[0].data.([]bool), args[1].data, args[2].data)
	return dst
}

func convertEager(p Params, args []*Array, out Aval, into any) any {
	to := p.(ConvertParams).DType
	if args[0].aval.DType == to { // only weakness changes
		return args[0].data
	}
	dst := dstOr(into, out)
	convertInto(dst, args[0].data)
	return dst
}

// convertData converts a data slice to dtype to (n elements).
func convertData(src any, to DType, n int) any {
	dst := allocData(to, n)
	convertInto(dst, src)
	return dst
}

// convertInto converts the data slice src elementwise into dst (any dtypes).
func convertInto(dst, src any) {
	switch d := dst.(type) {
	case []float32:
		convertSlice(d, src)
	case []float64:
		convertSlice(d, src)
	case []int32:
		convertSlice(d, src)
	case []int64:
		convertSlice(d, src)
	case []bool:
		switch s := src.(type) {
		case []bool:
			copy(d, s)
		case []float32:
			kernels.ToBool(d, s)
		case []float64:
			kernels.ToBool(d, s)
		case []int32:
			kernels.ToBool(d, s)
		case []int64:
			kernels.ToBool(d, s)
		}
	}
}

func convertSlice[D kernels.Num](dst []D, src any) {
	switch s := src.(type) {
	case []bool:
		kernels.FromBool(dst, s)
	case []float32:
		kernels.Convert(dst, s)
	case []float64:
		kernels.Convert(dst, s)
	case []int32:
		kernels.Convert(dst, s)
	case []int64:
		kernels.Convert(dst, s)
	}
}

func broadcastEager(p Params, args []*Array, out Aval, into any) any {
	bp := p.(BroadcastParams)
	x := args[0]
	if slices.Equal(x.aval.Shape, out.Shape) {
		return x.data
	}
	dst := dstOr(into, out)
	anyImpl(out.DType).broadcast(dst, out.Shape, x.data, x.aval.Shape, bp.Dims)
	return dst
}

func transposeEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).transpose(dst, args[0].data, args[0].aval.Shape, p.(TransposeParams).Perm)
	return dst
}

func sliceEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).slice(dst, args[0].data, args[0].aval.Shape, p.(SliceParams))
	return dst
}

func padEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).pad(dst, args[0].data, args[0].aval.Shape, p.(PadParams), args[1].data)
	return dst
}

func concatEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).concat(dst, args, p.(AxisParams).Axis)
	return dst
}

func revEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).rev(dst, args[0].data, args[0].aval.Shape, p.(RevParams).Axes)
	return dst
}

func gatherEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	anyImpl(out.DType).gather(dst, args[0].data, args[0].aval.Shape, p.(AxisParams).Axis, args[1].data)
	return dst
}

func scatterAddEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	copyData(dst, args[0].data)
	numImpl(out.DType).scatterAdd(dst, out.Shape, p.(AxisParams).Axis, args[1].data, args[2].data)
	return dst
}

func dotGeneralEager(p Params, args []*Array, out Aval, into any) any {
	dst := dstOr(into, out)
	x, y := args[0], args[1]
	numImpl(out.DType).dot(dst, x.data, x.aval.Shape, y.data, y.aval.Shape, p.(DotParams))
	return dst
}

// copyData copies src into dst, data slices of one dtype and length.
func copyData(dst, src any) {
	switch d := dst.(type) {
	case []float32:
		copy(d, src.([]float32))
	case []float64:
		copy(d, src.([]float64))
	case []int32:
		copy(d, src.([]int32))
	case []int64:
		copy(d, src.([]int64))
	case []bool:
		copy(d, src.([]bool))
	}
}

func identityPerm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}
