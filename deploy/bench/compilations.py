#!/usr/bin/env python3
# Summarises a Truffle compilation trace of the edge, per compilation unit: how often it was compiled, its largest IR
# (graph nodes after optimisation) and code size, the calls inlined, and the compile wall time, biggest first.
#   EDGE_JAVA_OPTS="-Dpolyglot.engine.TraceCompilation=true -Dpolyglot.log.file=/tmp/compilations.log" deploy/local/up.sh
#   ... load ...; deploy/bench/compilations.py /tmp/compilations.log [rows]
# Compare two builds only after the same number of requests: the units compiled depend on it.
import collections
import re
import sys
agg=collections.defaultdict(lambda:[0,0,0,0.0,''])
deopt=0;inval=0
for line in open(sys.argv[1],errors='replace'):
    if 'opt deopt' in line: deopt+=1
    if 'opt inval' in line: inval+=1
    if 'opt done' not in line: continue
    m=re.search(r'id=\s*\d+\s+(.*?)\s*\|Tier (\d)\|Time\s+(\d+)\(.*?\|AST\s+(\d+)\|Inlined\s+(\d+)Y\s+(\d+)N\|IR\s+(\d+)/\s*(\d+)\|CodeSize\s+(\d+).*\|Src (.*?) 0x',line)
    if not m: continue
    name,tier,t,ast,iy,inn,ir0,ir1,cs,src=m.groups()
    a=agg[(name,tier,src)]
    a[0]+=1; a[1]=max(a[1],int(ir1)); a[2]=max(a[2],int(cs)); a[3]+=int(t)/1000; a[4]=f'inl {iy}Y/{inn}N'
tot=sum(v[3] for v in agg.values()); n=sum(v[0] for v in agg.values())
print(f'{sys.argv[1]}: {n} compilations, {tot:.0f} s compile wall time, deopts {deopt}, invalidations {inval}')
for k,v in sorted(agg.items(),key=lambda kv:-kv[1][3])[:int(sys.argv[2]) if len(sys.argv)>2 else 25]:
    print(f'{v[3]:7.1f}s x{v[0]:<3} T{k[1]} IR {v[1]:6} code {v[2]:7} {v[4]:12} {k[0][:40]:40} {k[2][:40]}')
