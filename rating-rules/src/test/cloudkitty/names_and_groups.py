"""The rules of examples/names-and-groups.yaml in CloudKitty itself (Debian's python3-cloudkitty
17.0.0: its hashmap DB layer and HashMap module), to compare with Ratekit's NamesAndGroupsTest.

    createdb -h 127.0.0.1 -U postgres ck_names
    /usr/bin/python3 rating-rules/src/test/cloudkitty/names_and_groups.py \
        postgresql+psycopg2://postgres@127.0.0.1:5432/ck_names

Prints which rules CloudKitty accepts or refuses (its unique keys) and the prices of the two
points of the test, for all tenants and for tenant acme. With 17.0.0 on PostgreSQL 15 it accepts
every rule for all tenants (same value or level in the same group or another one) and acme's
service mappings with value null (what its CLI sends); it refuses acme's value again in another
group, in no group and in the same group, acme's level 20 in another group, and acme's second
service mapping with value '' (what a request without value stores); then prints
    global: 11.6, 38.3   acme: 9.6, 32.3
"""
import datetime
import decimal
import sys

from oslo_config import cfg
from oslo_db import options

options.set_defaults(cfg.CONF)
cfg.CONF([], project='cloudkitty', default_config_files=[])
cfg.CONF.set_override('connection', sys.argv[1], group='database')

from cloudkitty import dataframe, db  # noqa: E402
from cloudkitty.rating.hash import HashMap  # noqa: E402
from cloudkitty.rating.hash.db import api as hash_db_api  # noqa: E402
from cloudkitty.rating.hash.db.sqlalchemy import models  # noqa: E402

D = decimal.Decimal
models.Base.metadata.create_all(db.get_engine())
api = hash_db_api.get_instance()


def attempt(label, create):
    try:
        create()
        print('accepted', label)
    except Exception as e:
        print('refused ', label, '->', e)


svc = api.create_service('machine virtuelle')
region = api.create_field(svc.service_id, 'région')
display = api.create_field(svc.service_id, 'display name')
compute = api.create_group('計算 compute').group_id
licence = api.create_group('licence/windows').group_id
premium = api.create_group('Premium Tier').group_id

api.create_mapping(cost=D('0.5'), map_type='flat', service_id=svc.service_id, group_id=compute)
api.create_threshold(level=D('10'), cost=D('0.9'), map_type='rate', service_id=svc.service_id, group_id=compute)
attempt('level 10 again, same group', lambda: api.create_threshold(
    level=D('10.0'), cost=D('0.95'), map_type='rate', service_id=svc.service_id, group_id=compute))
attempt('level 10 again, another group', lambda: api.create_threshold(
    level=D('10'), cost=D('5'), map_type='flat', service_id=svc.service_id, group_id=premium))
attempt('acme, level 20', lambda: api.create_threshold(
    level=D('20'), cost=D('1'), map_type='flat', service_id=svc.service_id, group_id=compute, tenant_id='acme'))
api.create_mapping(cost=D('1.2'), map_type='rate', field_id=region.field_id, value='Île-de-France', group_id=compute)
api.create_mapping(cost=D('2'), map_type='flat', field_id=display.field_id, value='Serveur Windows', group_id=licence)
attempt('same value, another group', lambda: api.create_mapping(
    cost=D('0.25'), map_type='flat', field_id=display.field_id, value='Serveur Windows', group_id=premium))
attempt('same value, same group', lambda: api.create_mapping(
    cost=D('0.3'), map_type='flat', field_id=display.field_id, value='Serveur Windows', group_id=premium))
attempt('acme, same value', lambda: api.create_mapping(
    cost=D('1.5'), map_type='flat', field_id=display.field_id, value='Serveur Windows', group_id=licence, tenant_id='acme'))

# what CloudKitty refuses: a tenant's value or level once per field or service, whatever the group
for label, group in (('other group', premium), ('no group', None), ('same group', licence)):
    attempt('acme, same value again, ' + label, lambda g=group: api.create_mapping(
        cost=D('9'), map_type='flat', field_id=display.field_id, value='Serveur Windows', group_id=g, tenant_id='acme'))
attempt('acme, level 20 in another group', lambda: api.create_threshold(
    level=D('20'), cost=D('1'), map_type='flat', service_id=svc.service_id, group_id=premium, tenant_id='acme'))
other = api.create_service('autre service')
for value in (None, None, '', ''):
    attempt('acme, service mapping with value %r' % value, lambda v=value: api.create_mapping(
        cost=D('1'), map_type='flat', service_id=other.service_id, tenant_id='acme', value=v, group_id=premium))


def prices(tenant):
    begin = datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.timezone.utc)
    frame = dataframe.DataFrame(start=begin, end=begin + datetime.timedelta(hours=1))
    for qty, region_name in ((D('4'), 'Île-de-France'), (D('12'), 'Bretagne')):
        frame.add_point(dataframe.DataPoint('h', qty, 0, {'id': 'vm'},
                                            {'région': region_name, 'display name': 'Serveur Windows'}),
                        'machine virtuelle')
    return [str(point.price.normalize()) for _, point in HashMap(tenant_id=tenant).process(frame).iterpoints()]


print('global:', ', '.join(prices(None)), '  acme:', ', '.join(prices('acme')))
