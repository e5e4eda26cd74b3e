# Volume discount per tenant and metric: the more of a metric a tenant uses in a period, the lower
# the price of every unit of it (all-units tiers, as most provider price lists). Runs after
# hashmap (give pyscripts a lower priority than hashmap), so it discounts list prices.
import decimal

D = decimal.Decimal
CENT = D('0.0001')

# metric -> [(from quantity in the period, discount)], highest threshold first
TIERS = {
    'vcpu': [(D(500), D('0.15')), (D(100), D('0.10')), (D(20), D('0.05'))],
    'ram_gb': [(D(2000), D('0.12')), (D(400), D('0.06'))],
}

for metric, tiers in TIERS.items():
    points = data['usage'].get(metric, [])
    total = sum((p['vol']['qty'] for p in points), D(0))
    discount = next((rate for threshold, rate in tiers if total >= threshold), D(0))
    if not discount:
        continue
    for point in points:
        price = point['rating'].get('price', D(0))
        point['rating']['price'] = (price * (1 - discount)).quantize(CENT, rounding=decimal.ROUND_HALF_EVEN)
