<?php
$CONFIG = [
  'enable_previews' => true,
  'memcache.local' => '\OC\Memcache\APCu',
];
