<?php
$CONFIG = [
  'memcache.distributed' => '\OC\Memcache\Redis',
  'memcache.locking' => '\OC\Memcache\Redis',
  'redis' => ['host' => 'redis', 'port' => 6379],
];
