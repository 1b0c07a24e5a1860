<?php
$CONFIG = array (
  'memcache.locking' => '\OC\Memcache\Redis',
  'redis' => array ('host' => 'redis', 'port' => 6379),
);
