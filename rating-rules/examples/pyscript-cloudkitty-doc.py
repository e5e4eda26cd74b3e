# CloudKitty's documented pyscript (doc/source/user/rating/pyscripts.rst), rewritten for Ratekit.
# Differences from the original, and why:
# - `data` is one frame as a dict ({"period", "usage"}), as in CloudKitty 2023.1+, not a list of
#   frames: the loop over frames is gone.
# - Prices are decimal.Decimal('0.65') from text, not Decimal(0.65) from a float (that is
#   0.65000000000000002220446049250313080847263336181640625 and shows up in every bill).
# - A service without a price keeps the price earlier modules gave it instead of being reset.
import decimal

D = decimal.Decimal

# price per hour of each flavor (as hashmap field mappings)
FLAVORS = {
    'm1.micro': D('0.65'),
    'm1.nano': D('0.35'),
    'm1.large': D('2.67'),
}
# price per MB of image and per GB of volume (as hashmap service mappings)
IMAGE_MB = D('0.002')
VOLUME_GB = D('0.35')


def instance_price(point):
    flavor = point['metadata'].get('flavor_name') or point['groupby'].get('flavor_name')
    return point['vol']['qty'] * FLAVORS.get(flavor, D(0))


def volume_price(point):
    return point['vol']['qty'] * VOLUME_GB


def image_price(point):
    return point['vol']['qty'] * IMAGE_MB


SERVICES = {
    'instance': instance_price,
    'volume': volume_price,
    'image': image_price,
}

for service, points in data['usage'].items():
    price = SERVICES.get(service)
    if price is None:
        continue
    for point in points:
        point['rating'] = {'price': price(point)}
