# Windows licence surcharge by guest OS: every vCPU-hour of a VM whose guest OS is a Windows
# Server edition costs extra, on top of what earlier modules (hashmap) priced. The vSphere
# collector puts the guest OS in the point's metadata as `guest_os` (config.guestFullName); the
# lifecycle-event collector passes the resource's attributes on, so events say `os`.
import decimal

D = decimal.Decimal

# per vCPU-hour, first match wins (more specific editions first)
SURCHARGES = [
    ('windows server 2022 datacenter', D('0.0310')),
    ('windows server 2022', D('0.0210')),
    ('windows server', D('0.0190')),
    ('windows', D('0.0150')),   # desktop editions on VDI
]


def surcharge(guest_os):
    name = (guest_os or '').lower()
    for edition, price in SURCHARGES:
        if edition in name:
            return price
    return D(0)


for point in data['usage'].get('vcpu', []):
    meta = point['metadata']
    extra = surcharge(meta.get('guest_os') or point['groupby'].get('guest_os') or meta.get('os'))
    if extra:
        point['rating']['price'] = point['rating'].get('price', D(0)) + point['vol']['qty'] * extra
