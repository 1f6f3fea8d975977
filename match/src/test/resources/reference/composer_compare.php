<?php
// Orders each A<TAB>B line of the file in argv[1] as Composer does: VersionParser::normalize, then Comparator.
require '/usr/share/php/Composer/Semver/autoload.php';

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
foreach (file($argv[1], FILE_IGNORE_NEW_LINES) as $line) {
    [$a, $b] = explode("\t", $line, 2);
    try {
        $na = $parser->normalize($a);
        $nb = $parser->normalize($b);
    } catch (UnexpectedValueException $e) {
        echo "invalid\n";
        continue;
    }
    echo Comparator::lessThan($na, $nb) ? "<" : (Comparator::equalTo($na, $nb) ? "=" : ">"), "\n";
}
