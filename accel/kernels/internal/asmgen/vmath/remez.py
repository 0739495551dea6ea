# Weighted minimax (Remez exchange) polynomial fitting with mpmath.
import mpmath as mp
mp.mp.dps = 50

def remez(g, w, basis, a, b, iters=30, grid=4000, verbose=False):
    """Find coefficients c minimising max_v |w(v)*(sum c_j basis_j(v) - g(v))| on [a,b]."""
    n = len(basis)
    # initial reference: Chebyshev extrema
    ref = [ (a+b)/2 - (b-a)/2*mp.cos(mp.pi*i/(n)) for i in range(n+1)]
    G = [a + (b-a)*(1-mp.cos(mp.pi*i/(grid-1)))/2 for i in range(grid)]
    gG = [g(v) for v in G]; wG = [w(v) for v in G]; bG = [[f(v) for f in basis] for v in G]
    best = None
    for it in range(iters):
        A = mp.matrix(n+1, n+1); rhs = mp.matrix(n+1, 1)
        for i, v in enumerate(ref):
            for j, f in enumerate(basis):
                A[i, j] = f(v)
            A[i, n] = (-1)**i / w(v)
            rhs[i] = g(v)
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(n)]
        err = [wG[k]*(sum(c[j]*bG[k][j] for j in range(n)) - gG[k]) for k in range(grid)]
        # local extrema
        ext = []
        for k in range(grid):
            left = err[k-1] if k > 0 else None
            right = err[k+1] if k < grid-1 else None
            e = err[k]
            if (left is None or abs(e) >= abs(left)) and (right is None or abs(e) >= abs(right)):
                ext.append(k)
        # enforce alternation
        alt = []
        for k in ext:
            if alt and mp.sign(err[k]) == mp.sign(err[alt[-1]]):
                if abs(err[k]) > abs(err[alt[-1]]):
                    alt[-1] = k
            else:
                alt.append(k)
        while len(alt) > n+1:
            if abs(err[alt[0]]) < abs(err[alt[-1]]):
                alt.pop(0)
            else:
                alt.pop()
        maxe = max(abs(e) for e in err)
        if verbose:
            print(it, mp.nstr(maxe, 5), mp.nstr(abs(sol[n]), 5))
        if best is None or maxe < best[1]:
            best = (c, maxe)
        if len(alt) < n+1:
            break
        ref = [G[k] for k in alt]
        if abs(maxe - abs(sol[n])) < abs(sol[n])*mp.mpf('1e-6'):
            break
    return best

def mono(k, p=1):
    return lambda v: v**(k*p) if k*p > 0 else mp.mpf(1)

def log2(x): return float(mp.log(x, 2))
