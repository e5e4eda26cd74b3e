# VMware Usage Meter's "average capped billed vRAM" for a frame (VCPP / VMware Cloud Provider
# billing): for each powered-on VM the billed vRAM of an hour is its configured RAM capped at
# 24 GB; the monthly figure is the average over the month's hours of the sum over VMs. This
# script prices each hour's capped vRAM, so the month's summary of the `vram_billed` metric is
# the Usage Meter figure x hours x price. It adds a `vram_billed` metric (GB-hours) next to
# `ram_gb` (the vSphere collector's configured RAM in GB, averaged over the period by the time the
# VM was powered on).
import decimal

D = decimal.Decimal
CAP_GB = D(24)                 # per-VM cap of the billed vRAM
PRICE_PER_GB_HOUR = D('0.0022')
HOURS = D(data['period']['end'].timestamp() - data['period']['begin'].timestamp()) / D(3600)

billed = []
for point in data['usage'].get('ram_gb', []):
    gb = min(point['vol']['qty'], CAP_GB)   # a VM's RAM is constant within a collected period
    qty = gb * HOURS
    billed.append({
        'vol': {'unit': 'GB-hour', 'qty': qty},
        'rating': {'price': qty * PRICE_PER_GB_HOUR},
        'groupby': dict(point['groupby']),
        'metadata': dict(point['metadata'], formula='usage-meter-capped-vram'),
    })

if billed:
    data['usage']['vram_billed'] = billed
